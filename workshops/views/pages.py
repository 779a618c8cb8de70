from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from workshops.models import Page


@require_safe
def page_detail(request, kind):
    """One of the fixed pages (accessibility, privacy): its address and template are the code's."""
    page = get_object_or_404(Page, kind=kind)
    return render(request, "workshops/page_detail.html", {"page": page})
