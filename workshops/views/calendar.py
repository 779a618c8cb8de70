"""The participants' calendar: upcoming and past sessions, month grids, iCal files."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import conditional_page, require_safe
from django.views.generic import ListView

from labimpact import builtfiles
from workshops import calendar
from workshops.caching import cached_for_content
from workshops.filters import SessionFilter
from workshops.forms import MonthJumpForm
from workshops.models import Session, Speaker, Topic, Workshop
from workshops.site import absolute_url
from workshops.tasks import (
    CALENDAR_FILE,
    ICS_MAX_AGE,
    SESSION_FILE,
    SPEAKER_FILE,
    TOPIC_FILE,
    WORKSHOP_FILE,
    published_sessions,
)
from workshops.views.content import DeferredQuerySet, KeptCountMixin, KeptListMixin

# Months before or after these years are not a calendar anyone needs: 404.
FIRST_YEAR = 2000
YEARS_AHEAD = 10


SESSION_MONTHS = "session-months"


def session_months(filterset):
    """The months with published sessions that pass the filters in force, in order.

    Without filters every calendar page asks the same: computed once per content change.
    """
    if filterset.params:
        return filterset.filter_queryset(Session.objects.published()).months()
    return cached_for_content(SESSION_MONTHS, lambda: Session.objects.published().months())


def years_of(months):
    return sorted({month.year for month in months})


def month_url(day, query=""):
    kwargs = {"year": day.year, "month": day.month}
    return reverse("workshops:calendar_month", kwargs=kwargs) + query


def year_url(year, query=""):
    return reverse("workshops:calendar_year", kwargs={"year": year}) + query


class CalendarPageMixin(KeptListMixin):
    """Published sessions through the calendar's filters, links that keep those filters, the
    month picker and the trail of links back to the calendar (breadcrumbs)."""

    # The month the page is about, if any: the picker starts on the nearest month offered.
    picked_month = None

    def filtered(self, make_queryset):
        """The sessions ``make_queryset()`` gives, through the filters: both built only when
        the page's rows are read, not where its body comes from the cache."""
        self.filterset = SessionFilter.for_query(
            self.request.GET, queryset=DeferredQuerySet(make_queryset, Session)
        )
        return DeferredQuerySet(lambda: self.filterset.qs, Session)

    def breadcrumbs(self):
        """(label, url) pairs from the calendar down to this page, which has no url."""
        return [(_("Calendario"), None)]

    def kept_names(self):
        names = super().kept_names()
        return names if self.filterset.params else [*names, SESSION_MONTHS]

    def get_context_data(self, **kwargs):
        # Before the months are asked for: they are one of the parts read ahead.
        self.read_kept_ahead()
        query = self.filterset.query_string
        # What only the page's body shows is worked out only when the body is rendered, not
        # when it comes from the cache (the months are read even then, from what was read
        # ahead: the picker's month names were a third of a kept page's time).
        months = SimpleLazyObject(lambda: session_months(self.filterset))
        return super().get_context_data(
            filter=self.filterset,
            filter_query=query,
            filter_params=self.filterset.params,
            ics_path=reverse("workshops:calendar_ics") + query,
            picker=SimpleLazyObject(lambda: self._picker(months)),
            session_years=SimpleLazyObject(lambda: years_of(months)),
            breadcrumbs=SimpleLazyObject(
                lambda: [(_("Home"), reverse("workshops:home")), *self.breadcrumbs()]
            ),
            **kwargs,
        )

    def _picker(self, months):
        target = self.picked_month or timezone.localdate().replace(day=1)
        nearest = min(months, key=lambda month: abs(month - target), default=None)
        initial = {"mese": f"{nearest:%Y-%m}"} if nearest else {}
        return MonthJumpForm(months=months, initial=initial)


class SessionListView(KeptCountMixin, CalendarPageMixin, ListView):
    """Upcoming sessions, cancelled ones included and marked, month by month.

    Sessions whose date is still to be set come last, under «Da definire».
    """

    paginate_by = 30
    kept_fragments = ("calendar-list",)

    def get_queryset(self):
        return self.filtered(lambda: Session.objects.published().upcoming().with_related())

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            this_month_url=reverse(
                "workshops:calendar_month", kwargs={"year": today.year, "month": today.month}
            ),
            **kwargs,
        )


class SessionArchiveView(KeptCountMixin, CalendarPageMixin, ListView):
    """Sessions already held, most recent first."""

    paginate_by = 30
    template_name = "workshops/session_archive.html"

    def breadcrumbs(self):
        return [
            (_("Calendario"), reverse("workshops:session_list") + self.filterset.query_string),
            (_("Giornate passate"), None),
        ]

    def get_queryset(self):
        return self.filtered(lambda: Session.objects.published().past().for_cards())


def check_year(year):
    if not FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD:
        raise Http404(_("Questo anno non è nel calendario."))


class SessionYearView(CalendarPageMixin, ListView):
    """One year's sessions month by month, each month leading to its grid, and the other years."""

    template_name = "workshops/session_archive_year.html"
    kept_fragments = ("calendar-year",)

    def get_queryset(self):
        year = self.kwargs["year"]
        check_year(year)
        self.picked_month = dt.date(year, 1, 1)
        start, end = calendar.month_bounds(year, 1)[0], calendar.month_bounds(year + 1, 1)[0]
        return self.filtered(
            lambda: Session.objects.published().overlapping(start, end).for_cards()
        )

    def breadcrumbs(self):
        return [
            (_("Calendario"), reverse("workshops:session_list") + self.filterset.query_string),
            (str(self.kwargs["year"]), None),
        ]

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        context = super().get_context_data(year=year, **kwargs)
        query = context["filter_query"]
        years = context["session_years"]
        context.update(
            # Read only when the page's body is rendered, not when it comes from the cache
            # (the template's {% cache %}, kept per content version).
            months=SimpleLazyObject(
                lambda: [
                    {"start": start, "url": month_url(start, query), "sessions": sessions}
                    for start, sessions in calendar.sessions_by_month(year, self.object_list)
                ]
            ),
            previous_year=SimpleLazyObject(
                lambda: max((y for y in years if y < year), default=None)
            ),
            next_year=SimpleLazyObject(lambda: min((y for y in years if y > year), default=None)),
        )
        return context


class SessionMonthView(CalendarPageMixin, ListView):
    """One month as a grid, Monday first, with links to the months around it; on narrow
    screens the same days as a list (agenda)."""

    template_name = "workshops/session_archive_month.html"
    kept_fragments = ("calendar-month",)

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        check_year(year)
        self.start, self.end = calendar.month_bounds(year, month)
        self.picked_month = self.start.date()
        return self.filtered(
            lambda: Session.objects.published().overlapping(self.start, self.end).for_cards()
        )

    def breadcrumbs(self):
        query = self.filterset.query_string
        return [
            (_("Calendario"), reverse("workshops:session_list") + query),
            (str(self.start.year), year_url(self.start.year, query)),
            (capfirst(date_format(self.start, "F")), None),
        ]

    def get_context_data(self, **kwargs):
        year, month = self.kwargs["year"], self.kwargs["month"]
        previous_month = (self.start - dt.timedelta(days=1)).date()
        # Worked out only when the page's body is rendered, not when it comes from the
        # cache (the template's {% cache %}, kept per content version).
        weeks = SimpleLazyObject(
            lambda: calendar.month_grid(year, month, self.object_list, today=timezone.localdate())
        )
        agenda = SimpleLazyObject(
            lambda: [day for week in weeks for day in week if day["in_month"] and day["sessions"]]
        )
        return super().get_context_data(
            month_start=self.start,
            weekdays=SimpleLazyObject(calendar.weekday_names),
            weeks=weeks,
            agenda=agenda,
            previous_month=previous_month if previous_month.year >= FIRST_YEAR else None,
            next_month=self.end.date()
            if self.end.year <= timezone.localdate().year + YEARS_AHEAD
            else None,
            **kwargs,
        )


@require_safe
def calendar_jump(request):
    """Where the month picker leads: the month chosen, filters kept; without a choice, or with
    a month that has no sessions, a page that offers the months that have some."""
    filterset = SessionFilter(request.GET or None, queryset=Session.objects.published())
    months = session_months(filterset)
    form = MonthJumpForm(request.GET or None, months=months)
    if form.is_valid():
        return redirect(month_url(form.cleaned_data["mese"], filterset.query_string))
    query = filterset.query_string

    def years():
        by_year = {}
        for month in months:
            by_year.setdefault(month.year, []).append(
                {"start": month, "url": month_url(month, query)}
            )
        return [
            {"year": year, "url": year_url(year, query), "months": items}
            for year, items in by_year.items()
        ]

    return render(
        request,
        "workshops/calendar_jump.html",
        {
            "picker": form,
            "filter_params": filterset.params,
            "filter_query": query,
            # Linked only when the page's body is rendered, not when it comes from the cache.
            "years": SimpleLazyObject(years),
            "breadcrumbs": [
                (_("Home"), reverse("workshops:home")),
                (_("Calendario"), reverse("workshops:session_list") + query),
                (_("Vai a un mese"), None),
            ],
        },
        # A month asked for that the calendar does not have: not found, with the way on.
        status=404 if form.is_bound else 200,
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


@require_safe
def calendar_ics(request):
    """Every published session, or those of the filters given: what the calendar page shows.

    Without filters, or with one (a workshop or a topic), it is a file the background task
    built (``workshops/tasks.py``); with both it is made here, and kept by the page cache
    like a page.
    """
    return builtfiles.serve_filtered(
        request, CALENDAR_FILE, SessionFilter.base_filters, _calendar_ics
    )


@conditional_page
def _calendar_ics(request):
    filterset = SessionFilter(request.GET or None, queryset=published_sessions())
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


def object_calendar(file_name, queryset, *, lookup, name):
    """The view of the calendar of one public object's sessions, found by ``slug``.

    The file the background task built for the object (``workshops/tasks.py``);
    ``lookup`` leads from a session to the object and ``name(obj)`` names the calendar
    when it is made in the request, on a site without a public address.
    """

    @conditional_page
    def live(request, slug):
        obj = get_object_or_404(queryset, slug=slug)
        return ics_response(
            request,
            published_sessions().filter(**{lookup: obj}).distinct(),
            name=f"Lab'Impact – {name(obj)}",
            filename=f"labimpact-{obj.slug}.ics",
        )

    @require_safe
    def view(request, slug):
        return builtfiles.serve_object(
            request,
            file_name,
            slug,
            lambda request: live(request, slug),
            exists=lambda: queryset.filter(slug=slug).exists(),
        )

    return view


workshop_ics = object_calendar(
    WORKSHOP_FILE,
    Workshop.objects.published(),
    lookup="workshop",
    name=lambda workshop: _("%(number)s° laboratorio") % {"number": workshop.number},
)
topic_ics = object_calendar(
    TOPIC_FILE, Topic.objects.all(), lookup="topics", name=lambda topic: topic.name
)
speaker_ics = object_calendar(
    SPEAKER_FILE,
    Speaker.objects.published(),
    lookup="session_speakers__speaker",
    name=lambda speaker: speaker.display_name,
)


@require_safe
def session_ics(request, workshop_slug, slug):
    """One session's event: the file the background task built, as for ``object_calendar``."""
    return builtfiles.serve_object(
        request,
        SESSION_FILE,
        (workshop_slug, slug),
        lambda request: _session_ics(request, workshop_slug, slug),
        # Made only when no file was built: building the query took half of each request.
        exists=lambda: (
            published_sessions().filter(workshop__slug=workshop_slug, slug=slug).exists()
        ),
    )


@conditional_page
def _session_ics(request, workshop_slug, slug):
    session = get_object_or_404(published_sessions(), workshop__slug=workshop_slug, slug=slug)
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
