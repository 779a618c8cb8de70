"""Deploy checks: what would make the live site give out wrong addresses."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from workshops.models import SiteSettings
from workshops.site import public_url_problem


@register(Tags.security, deploy=True)
def check_public_url(app_configs=None, **kwargs):
    """Feeds, the sitemap and calendars would point to a local or plain-HTTP address."""
    url = settings.SITE_URL
    source = "SITE_URL"
    if not url:
        source = "The public URL in the admin's site settings (Impostazioni del sito)"
        try:
            url = SiteSettings.load().public_url
        except DatabaseError:
            url = ""
    problem = public_url_problem(url)
    if problem is None:
        return []
    return [
        Error(
            f"{source} {problem}: feeds, the sitemap, robots.txt and calendar files would "
            "give out addresses readers cannot reach.",
            hint="Set SITE_URL=https://your.domain in the environment, or the public URL in "
            "the admin (Impostazioni del sito).",
            id="workshops.E001",
        )
    ]
