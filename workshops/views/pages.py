from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from workshops.models import Page
from workshops.site import absolute_url, site_settings


@require_safe
def page_detail(request, kind):
    """One of the fixed pages (accessibility, privacy): its address and template are the code's.

    Its text shows the site settings where the editors wrote their placeholders.
    """
    page = get_object_or_404(Page, kind=kind)
    body = page.filled_body(site_settings(), site_url=absolute_url("/", request))
    return render(request, "workshops/page_detail.html", {"page": page, "body": body})


@require_safe
def example_link(request):
    """Where the demo's online sessions point: says it is an example, links nowhere else."""
    return render(request, "workshops/example_link.html")
