"""Background tasks of the workshops app: the calendar files, rebuilt after every change.

The whole calendar and, in a group of their own, the calendar of each workshop, topic and
speaker and each session's event are declared here and built by ``labimpact/builtfiles.py``;
the views serve what the last build wrote (see that module for when it runs).
"""

from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from labimpact import builtfiles
from workshops import calendar
from workshops.filters import SessionFilter
from workshops.models import Session, Speaker, Topic, Workshop
from workshops.site import at_root

# Subscribed apps poll; let shared caches keep a file a little while, not longer.
ICS_MAX_AGE = 15 * 60
CALENDAR_FILE = "calendario.ics"
WORKSHOP_FILE = "laboratori/calendario.ics"
TOPIC_FILE = "temi/calendario.ics"
SPEAKER_FILE = "relatori/calendario.ics"
SESSION_FILE = "sessioni/evento.ics"


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


@dataclass
class PublicSessions:
    """The published sessions read once for every object's file, and the objects by slug."""

    sessions: list
    workshops: dict
    topics: dict
    speakers: dict
    # kind -> slug -> the sessions of that object, in the calendar's order.
    by_object: dict = field(default_factory=dict)

    def __post_init__(self):
        for session in self.sessions:
            owners = {
                ("workshop", session.workshop.slug),
                ("session", (session.workshop.slug, session.slug)),
                *(("topic", topic.slug) for topic in session.topics.all()),
                *(("speaker", link.speaker.slug) for link in session.session_speakers.all()),
            }
            for kind, slug in owners:
                self.by_object.setdefault(kind, {}).setdefault(slug, []).append(session)

    def of(self, kind, slug):
        """The sessions of the object of ``kind`` ("workshop", "topic", "speaker") ``slug``."""
        return self.by_object.get(kind, {}).get(slug, [])


def public_sessions():
    return PublicSessions(
        sessions=list(published_sessions()),
        workshops={w.slug: w for w in Workshop.objects.published()},
        topics={t.slug: t for t in Topic.objects.all()},
        speakers={s.slug: s for s in Speaker.objects.published()},
    )


def _object_variants(kind):
    def variants(prepared):
        for slug in sorted(getattr(prepared, f"{kind}s")):
            yield "slug", slug

    return variants


def _object_calendar(kind, url_name, title):
    """The builder of the calendar of one workshop, topic or speaker, as its view made it."""

    def build(prepared, root, slug):
        obj = getattr(prepared, f"{kind}s")[slug]
        yield calendar.build_calendar(
            prepared.of(kind, slug),
            name=f"Lab'Impact – {title(obj)}",
            calendar_url=at_root(root, reverse(url_name, kwargs={"slug": slug})),
            absolute_url=partial(at_root, root),
        )

    return build


def session_variants(prepared):
    for session in prepared.sessions:
        yield "slug", (session.workshop.slug, session.slug)


def build_session_file(prepared, root, slug):
    """One session's event, as ``evento.ics`` gives it."""
    workshop_slug, session_slug = slug
    [session] = prepared.of("session", slug)
    path = reverse(
        "workshops:session_ics", kwargs={"workshop_slug": workshop_slug, "slug": session_slug}
    )
    yield calendar.build_calendar(
        [session],
        name=f"Lab'Impact · {session}",
        calendar_url=at_root(root, path),
        absolute_url=partial(at_root, root),
    )


def _object_file(name, kind, url_name, title):
    return builtfiles.BuiltFile(
        name=name,
        url_name=url_name,
        builder=_object_calendar(kind, url_name, title),
        variants=_object_variants(kind),
        per_object=True,
        content_type="text/calendar; charset=utf-8",
        filename=lambda slug: f"labimpact-{slug}.ics",
        max_age=ICS_MAX_AGE,
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
                variants=calendar_variants,
                content_type="text/calendar; charset=utf-8",
                filename="labimpact-calendario.ics",
                max_age=ICS_MAX_AGE,
            )
        ],
        task=rebuild_calendar,
    )
)

OBJECTS_GROUP = builtfiles.register(
    builtfiles.Group(
        name="workshop-calendars",
        prepare=public_sessions,
        # Many small files: after the others (builtfiles.build_order).
        order=1,
        files=[
            _object_file(
                WORKSHOP_FILE,
                "workshop",
                "workshops:workshop_ics",
                lambda workshop: _("%(number)s° laboratorio") % {"number": workshop.number},
            ),
            _object_file(TOPIC_FILE, "topic", "workshops:topic_ics", lambda topic: topic.name),
            _object_file(
                SPEAKER_FILE,
                "speaker",
                "workshops:speaker_ics",
                lambda speaker: speaker.display_name,
            ),
            builtfiles.BuiltFile(
                name=SESSION_FILE,
                url_name="workshops:session_ics",
                builder=build_session_file,
                variants=session_variants,
                per_object=True,
                content_type="text/calendar; charset=utf-8",
                filename=lambda slugs: f"labimpact-{slugs[0]}-{slugs[1]}.ics",
                max_age=ICS_MAX_AGE,
            ),
        ],
        task=rebuild_calendar,
    )
)
