"""Background tasks of the workshops app: the calendar file, rebuilt after every change.

The file is declared here and built by ``labimpact/builtfiles.py``; the view serves
what the last build wrote (see that module for when it runs).
"""

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from labimpact import builtfiles
from workshops import calendar
from workshops.models import Session
from workshops.site import at_root

# Subscribed apps poll; let shared caches keep a file a little while, not longer.
ICS_MAX_AGE = 15 * 60
CALENDAR_FILE = "calendario.ics"


def published_sessions():
    # A calendar file cannot hold a session whose date is still to be set.
    return Session.objects.published().dated().with_related().order_by("starts_at", "pk")


def build_calendar_file(_prepared, root):
    """The whole calendar, as ``/calendario.ics`` without filters gives it."""
    yield calendar.build_calendar(
        published_sessions(),
        name=_("Lab'Impact – calendario"),
        calendar_url=at_root(root, reverse("workshops:calendar_ics")),
        absolute_url=partial(at_root, root),
    )


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
                content_type="text/calendar; charset=utf-8",
                filename="labimpact-calendario.ics",
                max_age=ICS_MAX_AGE,
            )
        ],
        task=rebuild_calendar,
    )
)
