"""Background tasks of the workshops app: the calendar file, rebuilt after every change.

The file is declared here and built by ``labimpact/builtfiles.py``; the view serves
what the last build wrote (see that module for when it runs).
"""

from functools import partial
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from labimpact import builtfiles
from workshops import calendar
from workshops.filters import SessionFilter
from workshops.models import Session, Topic, Workshop
from workshops.site import at_root

# Subscribed apps poll; let shared caches keep a file a little while, not longer.
ICS_MAX_AGE = 15 * 60
CALENDAR_FILE = "calendario.ics"


def published_sessions():
    # A calendar file cannot hold a session whose date is still to be set.
    return Session.objects.published().dated().with_related().order_by("starts_at", "pk")


def build_calendar_file(_prepared, root, **filters):
    """The whole calendar, or one workshop's or topic's, as ``/calendario.ics`` gives it."""
    path = reverse("workshops:calendar_ics")
    sessions = published_sessions()
    names = []
    if filters:
        # The calendar pages' own filters, so that the file holds what the page shows.
        filterset = SessionFilter(filters, queryset=sessions)
        filterset.form.is_valid()
        sessions = filterset.qs
        names = [str(value) for value in filterset.form.cleaned_data.values() if value]
        path = f"{path}?{urlencode(filters)}"
    yield calendar.build_calendar(
        sessions,
        name=" · ".join([_("Lab'Impact – calendario"), *names]),
        calendar_url=at_root(root, path),
        absolute_url=partial(at_root, root),
    )


def calendar_variants(_prepared):
    """The calendar of each published workshop and of each topic: the filters of its pages.

    Both together are made per request: few ask for them, and their product grows with
    every workshop and topic.
    """
    for slug in Workshop.objects.published().order_by("slug").values_list("slug", flat=True):
        yield "workshop", slug
    for slug in Topic.objects.order_by("slug").values_list("slug", flat=True):
        yield "topic", slug


@task()
def rebuild_calendar(group, version):
    """Rebuild the calendar file for content ``version``; nothing when a newer one is queued."""
    return builtfiles.run_task(group, version)


GROUP = builtfiles.register(
    builtfiles.Group(
        name="workshops",
        files=[
            builtfiles.BuiltFile(
                name=CALENDAR_FILE,
                url_name="workshops:calendar_ics",
                builder=build_calendar_file,
                variants=calendar_variants,
                content_type="text/calendar; charset=utf-8",
                filename="labimpact-calendario.ics",
                max_age=ICS_MAX_AGE,
            )
        ],
        task=rebuild_calendar,
    )
)
