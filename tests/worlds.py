"""Content of a known size for the query-count tests: ``count`` public items of every kind.

Every list grows with ``count`` and every item carries each relation its card or row
shows (workshop, speakers, topics, lead, documenting article…), so that a missing
``select_related``/``prefetch_related`` costs one more query per item. Beside them lie
drafts of every kind, tied to the same fixed objects, that no public page may show.
"""

import datetime as dt

from django.utils import timezone

from networks.models import Actor
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TermFactory,
    TopicFactory,
    WorkshopFactory,
)
from workshops.registrations.services import check_in

WORKSHOP_DRAFTS = [
    "Resoconto in bozza",
    "Resoconto programmato",
    "Giornata in bozza",
    "Laboratorio in bozza",
    "Giornata nascosta",
    "Inedita",  # the unpublished speaker's surname
    "Nominata",  # the surname of a speaker only unpublished articles and sessions name
    "Voce in bozza",
]
NETWORK_DRAFTS = [
    "Ente in bozza",
    "Rete in bozza",
    "Persona Riservata",
    # Participants present at the door, whose actors met: never named, nor their addresses.
    "Presente Riservata",
    "presente.riservata",
]


def _at(day, hour):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def workshops_world(count):
    """``count`` workshops, sessions (upcoming and past), speakers, topics and reports."""
    today = timezone.localdate()
    month = dt.date(today.year + 1, 2, 1)  # every upcoming session falls in this month
    topic = TopicFactory(name="Tema fisso", slug="tema-fisso")
    workshop = WorkshopFactory(title="Laboratorio fisso", slug="lab-fisso")
    workshop.topics.add(topic)
    speaker = SpeakerFactory(first_name="Relatrice", last_name="Fissa", slug="relatrice-fissa")
    session = SessionFactory(
        workshop=workshop,
        title="Giornata fissa",
        slug="giornata-fissa",
        starts_at=_at(month, 9),
        ends_at=_at(month, 12),
    )
    session.topics.add(topic)
    SessionSpeakerFactory(session=session, speaker=speaker)
    # Registration open, with places taken: the session page shows its count, the form exists.
    RegistrationSettingsFactory(session=session, capacity=40)
    RegistrationFactory(session=session)
    world = {
        "count": count,
        "month": month,
        "topic": topic,
        "workshop": workshop,
        "speaker": speaker,
        "session": session,
        "topics": [],
        "workshops": [],
        "sessions": [],
        "past_sessions": [],
        "speakers": [],
        "articles": [],
        "terms": [],
    }
    for index in range(count):
        own_topic = TopicFactory(name=f"Tema visibile {index}")
        other = WorkshopFactory(title=f"Laboratorio visibile {index}")
        other.topics.add(own_topic, topic)
        own_speaker = SpeakerFactory(first_name="Relatrice", last_name=f"Visibile {index}")
        upcoming = SessionFactory(
            workshop=workshop,
            title=f"Giornata visibile {index}",
            starts_at=_at(month + dt.timedelta(days=index + 1), 10),
            ends_at=_at(month + dt.timedelta(days=index + 1), 13),
        )
        upcoming.topics.add(own_topic, topic)
        past = SessionFactory(
            workshop=other,
            title=f"Giornata passata {index}",
            starts_at=_at(today - dt.timedelta(days=400 + index), 10),
            ends_at=_at(today - dt.timedelta(days=400 + index), 13),
        )
        past.topics.add(topic)
        for part_of in (upcoming, past, session):
            SessionSpeakerFactory(session=part_of, speaker=own_speaker)
        SessionSpeakerFactory(session=upcoming, speaker=speaker)
        article = ArticleFactory(
            title=f"Resoconto visibile {index}",
            session=session,
            topics=[own_topic, topic],
            speakers=[speaker],
            published_at=timezone.now() - dt.timedelta(days=index + 1),
        )
        world["topics"].append(own_topic)
        world["workshops"].append(other)
        world["sessions"].append(upcoming)
        world["past_sessions"].append(past)
        world["speakers"].append(own_speaker)
        world["articles"].append(article)
        # Each entry sees another: the glossary shows its «Vedi anche» without a query each.
        term = TermFactory(term=f"Voce visibile {index}", topic=own_topic)
        term.related_terms.add(*world["terms"][-1:])
        world["terms"].append(term)
    _workshop_drafts(world)
    return world


def _workshop_drafts(world):
    topic, workshop, speaker, session = (
        world["topic"],
        world["workshop"],
        world["speaker"],
        world["session"],
    )
    # Published, but named only by what is not public yet: no page, no list entry.
    unnamed = SpeakerFactory(first_name="Solo", last_name="Nominata")
    drafts = [
        ArticleFactory(
            title="Resoconto in bozza",
            draft=True,
            session=session,
            topics=[topic],
            speakers=[speaker, unnamed],
        ),
        ArticleFactory(
            title="Resoconto programmato",
            scheduled=True,
            session=session,
            topics=[topic],
            speakers=[unnamed],
        ),
    ]
    draft_session = SessionFactory(
        workshop=workshop,
        title="Giornata in bozza",
        is_published=False,
        starts_at=_at(world["month"], 15),
        ends_at=_at(world["month"], 17),
    )
    hidden_workshop = WorkshopFactory(title="Laboratorio in bozza", is_published=False)
    hidden_workshop.topics.add(topic)
    hidden_session = SessionFactory(
        workshop=hidden_workshop,
        title="Giornata nascosta",
        starts_at=_at(world["month"], 18),
        ends_at=_at(world["month"], 20),
    )
    hidden_speaker = SpeakerFactory(first_name="Nascosta", last_name="Inedita", is_published=False)
    draft_term = TermFactory(term="Voce in bozza", is_published=False)
    world["terms"][0].related_terms.add(draft_term)
    for hidden in (draft_session, hidden_session):
        hidden.topics.add(topic)
        SessionSpeakerFactory(session=hidden, speaker=speaker)
        SessionSpeakerFactory(session=hidden, speaker=unnamed)
    SessionSpeakerFactory(session=session, speaker=hidden_speaker)
    world["draft_urls"] = [
        *(draft.get_absolute_url() for draft in drafts),
        hidden_session.get_absolute_url(),
        hidden_workshop.get_absolute_url(),
        hidden_speaker.get_absolute_url(),
        unnamed.get_absolute_url(),
        draft_session.get_absolute_url(),
    ]


def networks_world(count):
    """The workshops world, and ``count`` actors and networks linked to fixed ones."""
    world = workshops_world(count)
    topic, speaker = world["topic"], world["speaker"]
    actor = ActorFactory(name="Ente fisso", slug="ente-fisso")
    actor.topics.add(topic)
    network = NetworkFactory(name="Rete fissa", slug="rete-fissa", lead=actor)
    network.topics.add(topic)
    MembershipFactory(network=network, actor=actor)
    world.update(actor=actor, network=network, actors=[], networks=[])
    for index in range(count):
        other = ActorFactory(name=f"Ente visibile {index}")
        other.topics.add(world["topics"][index], topic)
        other.people.add(world["speakers"][index], speaker)
        other.mentioned_in.add(world["articles"][index], world["articles"][0])
        actor.people.add(world["speakers"][index])
        actor.mentioned_in.add(world["articles"][index])
        LinkFactory(
            source=actor,
            target=other,
            documented_by_article=world["articles"][index],
            documented_by_session=world["sessions"][index],
        )
        # Seen from the fixed actor, this one is at the source end.
        LinkFactory(source=other, target=actor, since=dt.date(2020, 1, 1))
        MembershipFactory(network=network, actor=other)
        # People of both present at a past session: they met there («Incontro ai laboratori»).
        for present in (actor, other):
            check_in(
                registration=RegistrationFactory(
                    session=world["past_sessions"][index],
                    actor_id=present.pk,
                    name=f"Presente Riservata {index}",
                    email=f"presente.riservata.{index}.{present.pk}@example.org",
                )
            )
        led = NetworkFactory(name=f"Rete visibile {index}", lead=other)
        led.topics.add(world["topics"][index], topic)
        MembershipFactory(network=led, actor=other)
        MembershipFactory(network=led, actor=actor)
        world["actors"].append(other)
        world["networks"].append(led)
    _network_drafts(world)
    return world


def _network_drafts(world):
    actor, network, topic = world["actor"], world["network"], world["topic"]
    hidden = ActorFactory(name="Ente in bozza", is_published=False)
    person = ActorFactory(name="Persona Riservata", kind=Actor.Kind.PERSON)
    for other in (hidden, person):
        other.topics.add(topic)
        other.people.add(world["speaker"])
        other.mentioned_in.add(*world["articles"])
        LinkFactory(source=actor, target=other)
        MembershipFactory(network=network, actor=other)
    draft_network = NetworkFactory(name="Rete in bozza", is_published=False, lead=actor)
    MembershipFactory(network=draft_network, actor=actor)


def page_text(response):
    """What a visitor or a client reads in ``response``, whatever its format."""
    content_type = response.get("Content-Type", "")
    text = response.content.decode("utf-8-sig")
    if content_type.startswith("text/calendar"):
        # iCal folds long lines at 75 octets: unfold them before looking for a title.
        text = text.replace("\r\n ", "").replace("\r\n\t", "")
    # Search results mark the words found: the visitor reads the words, not the tags.
    return text.replace("<mark>", "").replace("</mark>", "")
