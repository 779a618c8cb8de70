"""The participants' calendar: upcoming and past sessions, month grids, iCal files."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import conditional_page, require_safe
from django.views.generic import ListView

from workshops import calendar
from workshops.filters import SessionFilter
from workshops.models import Session, Speaker, Topic, Workshop
from workshops.site import absolute_url

# Months before or after these years are not a calendar anyone needs: 404.
FIRST_YEAR = 2000
YEARS_AHEAD = 10
# Subscribed apps poll; let shared caches keep a file a little while, not longer.
ICS_MAX_AGE = 15 * 60


class CalendarPageMixin:
    """Published sessions through the calendar's filters, and links that keep those filters."""

    def filtered(self, queryset):
        self.filterset = SessionFilter(self.request.GET or None, queryset=queryset)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.filterset.query_string
        return super().get_context_data(
            filter=self.filterset,
            filter_query=query,
            ics_path=reverse("workshops:calendar_ics") + query,
            **kwargs,
        )


class SessionListView(CalendarPageMixin, ListView):
    """Upcoming sessions, cancelled ones included and marked, month by month.

    Sessions whose date is still to be set come last, under «Da definire».
    """

    paginate_by = 30

    def get_queryset(self):
        return self.filtered(Session.objects.published().upcoming().with_related())

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            this_month_url=reverse(
                "workshops:calendar_month", kwargs={"year": today.year, "month": today.month}
            ),
            **kwargs,
        )


class SessionArchiveView(CalendarPageMixin, ListView):
    """Sessions already held, most recent first."""

    paginate_by = 30
    template_name = "workshops/session_archive.html"

    def get_queryset(self):
        return self.filtered(Session.objects.published().past().for_cards())


class SessionMonthView(CalendarPageMixin, ListView):
    """One month as a grid, Monday first, with links to the months around it."""

    template_name = "workshops/session_archive_month.html"

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD and 1 <= month <= 12):
            raise Http404(_("Questo mese non è nel calendario."))
        self.start, self.end = calendar.month_bounds(year, month)
        return self.filtered(
            Session.objects.published().overlapping(self.start, self.end).for_cards()
        )

    def get_context_data(self, **kwargs):
        year, month = self.kwargs["year"], self.kwargs["month"]
        previous_month = (self.start - dt.timedelta(days=1)).date()
        return super().get_context_data(
            month_start=self.start,
            weekdays=calendar.weekday_names(),
            weeks=calendar.month_grid(year, month, self.object_list, today=timezone.localdate()),
            previous_month=previous_month if previous_month.year >= FIRST_YEAR else None,
            next_month=self.end.date()
            if self.end.year <= timezone.localdate().year + YEARS_AHEAD
            else None,
            **kwargs,
        )


def ics_response(request, sessions, *, name, filename):
    """A calendar file for ``sessions``, downloadable, cacheable and the same bytes until a change.

    Its ETag comes from ``conditional_page`` on the views below.
    """
    body = calendar.build_calendar(
        sessions,
        name=name,
        calendar_url=absolute_url(request.get_full_path(), request),
        absolute_url=lambda path: absolute_url(path, request),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, public=True, max_age=ICS_MAX_AGE)
    return response


def _published_sessions():
    # A calendar file cannot hold a session whose date is still to be set.
    return Session.objects.published().dated().with_related().order_by("starts_at", "pk")


@require_safe
@conditional_page
def calendar_ics(request):
    """Every published session, or those of the filters given: what the calendar page shows."""
    filterset = SessionFilter(request.GET or None, queryset=_published_sessions())
    names = []
    if filterset.is_bound:
        if not filterset.form.is_valid():
            # Subscribing to everything instead of what was asked would mislead.
            raise Http404(_("Filtri non validi."))
        names = [str(value) for value in filterset.form.cleaned_data.values() if value]
    return ics_response(
        request,
        filterset.qs,
        name=" · ".join([_("Lab'Impact – calendario"), *names]),
        filename="labimpact-calendario.ics",
    )


def object_calendar(queryset, *, lookup, name):
    """The view of the calendar of one public object's sessions, found by ``slug``.

    ``lookup`` leads from a session to the object; ``name(obj)`` names the calendar.
    """

    @require_safe
    @conditional_page
    def view(request, slug):
        obj = get_object_or_404(queryset, slug=slug)
        return ics_response(
            request,
            _published_sessions().filter(**{lookup: obj}),
            name=f"Lab'Impact – {name(obj)}",
            filename=f"labimpact-{obj.slug}.ics",
        )

    return view


workshop_ics = object_calendar(
    Workshop.objects.published(),
    lookup="workshop",
    name=lambda workshop: _("%(number)s° laboratorio") % {"number": workshop.number},
)
topic_ics = object_calendar(Topic.objects.all(), lookup="topics", name=lambda topic: topic.name)
speaker_ics = object_calendar(
    Speaker.objects.published(),
    lookup="session_speakers__speaker",
    name=lambda speaker: speaker.display_name,
)


@require_safe
@conditional_page
def session_ics(request, workshop_slug, slug):
    session = get_object_or_404(_published_sessions(), workshop__slug=workshop_slug, slug=slug)
    return ics_response(
        request,
        [session],
        name=f"Lab'Impact · {session}",
        filename=f"labimpact-{workshop_slug}-{slug}.ics",
    )


def https_address(request, path):
    """The https address of ``path`` on the public site: calendar apps on the web (Google's,
    Outlook's) subscribe only to https addresses."""
    return "https://" + absolute_url(path, request).split("://", 1)[-1]


@require_safe
def calendar_help(request):
    """How to subscribe to the calendar in Google Calendar, Outlook and Apple Calendar."""
    ics_url = https_address(request, reverse("workshops:calendar_ics"))
    return render(
        request,
        "workshops/calendar_help.html",
        {"ics_url": ics_url, "webcal_url": calendar.webcal_url(ics_url)},
    )
