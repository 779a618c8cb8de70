"""The calendar another site embeds, and the page that gives its snippet.

The widget is the one page of the site that other sites may frame: its response alone
drops X-Frame-Options and widens the CSP's ``frame-ancestors``; every other page keeps
``DENY`` and ``'none'``. It reads no session and sets no cookie, so that it varies on
nothing but its URL and the page cache serves it to every embedding site alike.
"""

from csp.decorators import csp_replace
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from workshops.filters import SessionFilter
from workshops.models import Session
from workshops.site import absolute_url

# A widget lives in a box of a few hundred pixels: the next sessions, then a link to all.
WIDGET_SESSIONS = 8
# Any site may frame the widget: that is what it is for.
FRAMEABLE = {"frame-ancestors": ["*"]}
# What the snippet page suggests; the embedding site may change it.
SNIPPET_HEIGHT = 520


@require_safe
@xframe_options_exempt
@csp_replace(FRAMEABLE)
def calendar_widget(request):
    """The next published sessions, filtered by workshop and topic, for an iframe elsewhere."""
    filterset = SessionFilter(
        request.GET or None, queryset=Session.objects.published().upcoming().with_related()
    )
    valid = not filterset.is_bound or filterset.is_valid()
    sessions = list(filterset.qs[: WIDGET_SESSIONS + 1]) if valid else []
    query = filterset.query_string if valid else ""
    context = {
        "sessions": sessions[:WIDGET_SESSIONS],
        "has_more": len(sessions) > WIDGET_SESSIONS,
        "filter": filterset,
        "is_valid": valid,
        "calendar_url": absolute_url(reverse("workshops:session_list") + query, request),
        "ics_url": absolute_url(reverse("workshops:calendar_ics") + query, request),
    }
    return render(request, "workshops/calendar_widget.html", context, status=200 if valid else 400)


@require_safe
def widget_help(request):
    """How to put the calendar on another site: choose the filters, copy the snippet."""
    filterset = SessionFilter(request.GET or None, queryset=Session.objects.none())
    valid = not filterset.is_bound or filterset.is_valid()
    query = filterset.query_string if valid else ""
    widget_path = reverse("workshops:calendar_widget") + query
    context = {
        "filter": filterset,
        "widget_path": widget_path,
        "widget_url": absolute_url(widget_path, request),
        "height": SNIPPET_HEIGHT,
    }
    return render(request, "workshops/widget_help.html", context)
