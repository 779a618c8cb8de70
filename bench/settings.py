"""Production settings plus the bench-only bare view, so production never carries it."""

from labimpact.settings import *  # noqa: F403
from labimpact.settings import PAGE_CACHE_EXEMPT_PATHS

ROOT_URLCONF = "bench.urls"
# The baseline measures the server and middleware without the page cache in front.
PAGE_CACHE_EXEMPT_PATHS = [*PAGE_CACHE_EXEMPT_PATHS, "/bench/"]
