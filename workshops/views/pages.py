from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from labimpact.search import fold
from workshops.models import Page, Term
from workshops.site import absolute_url, site_settings


@require_safe
def page_detail(request, kind):
    """One of the fixed pages (accessibility, privacy): its address and template are the code's.

    Its text shows the site settings where the editors wrote their placeholders.
    """
    page = get_object_or_404(Page, kind=kind)
    site = site_settings()
    body = page.filled_body(site, site_url=absolute_url("/", request))
    context = {"page": page, "body": body}
    if kind == Page.Kind.PRIVACY:
        # What the registrations do with personal data is the code's to say, from the
        # settings it runs with, so the notice cannot drift from the practice.
        context["registration_terms"] = {
            "confirm_hours": settings.REGISTRATION_CONFIRM_HOURS,
            "retention_months": settings.REGISTRATION_RETENTION_MONTHS,
            "contact_email": site.contact_email,
        }
    return render(request, "workshops/page_detail.html", context)


@require_safe
def example_link(request):
    """Where the demo's online sessions point: says it is an example, links nowhere else."""
    return render(request, "workshops/example_link.html")


@require_safe
def glossary(request):
    """The published glossary entries A–Z, each under its letter with an anchor of its own."""
    related = Prefetch("related_terms", queryset=Term.objects.published().order_by("term"))
    terms = Term.objects.published().select_related("topic").prefetch_related(related)
    letters = {}
    for term in sorted(terms, key=lambda term: fold(term.term)):
        letters.setdefault(term.initial, []).append(term)
    return render(request, "workshops/glossary.html", {"letters": sorted(letters.items())})
