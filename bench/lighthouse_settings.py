"""Production settings for `make lighthouse`, with the uploads served by Django.

In production a web server or an object storage serves MEDIA_URL; here Django's own view
stands in, so that the pages' photos and lead images load as they would there.
"""

from labimpact.settings import *  # noqa: F403

ROOT_URLCONF = "bench.lighthouse_urls"
