"""A large synthetic portal, the same every time: seeded from a fixed number, bulk inserts.

Each app seeds from its own random stream, so adding a seeder never changes what
another one makes. An app that is only sometimes installed (``networks``) adds a
function to ``OPTIONAL_SEEDERS``; it runs only when that app is installed.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import transaction
from django.utils.text import slugify

from labimpact.cache import bump_content_version
from workshops.models import (
    Article,
    Section,
    Session,
    SessionSpeaker,
    Speaker,
    Topic,
    Workshop,
)

SEED = 20201218
SIZES = {"workshops": 20, "sessions": 400, "speakers": 300, "articles": 5000}
BATCH = 500
ROME = ZoneInfo("Europe/Rome")


def words(text):
    return text.split()


WORDS = words(
    "rete territoriale coprogettazione coprogrammazione welfare comunità inclusione migranti "
    "cittadini paesi terzi ambito distretto comune servizi sociali terzo settore cooperativa "
    "associazione fondazione scuola cpia mediazione interculturale accoglienza integrazione "
    "partecipazione attiva laboratorio giornata percorso progetto territorio politiche azioni "
    "regione lombardia anci formazione operatori minori famiglie lavoro abitare salute lingua "
    "italiana orientamento sportello informazione qualificata dispersione scolastica contesti "
    "multiculturali accordo convenzione partenariato capofila partner tavolo confronto buone "
    "pratiche valutazione impatto risorse fondi europei bando amministrazione pubblica enti "
    "locali volontariato giovani donne richiedenti protezione internazionale sai siproimi"
)
CONNECTIVES = words("e con per nel della delle dei tra sul verso come anche quindi")
FIRST_NAMES = words(
    "Anna Marco Giulia Luca Francesca Paolo Chiara Andrea Sara Matteo Elena Davide Laura "
    "Stefano Silvia Nicola Federica Pasquale Marta Giorgio Aisha Omar Fatima Ibrahim Li Mei"
)
LAST_NAMES = words(
    "Rossi Bianchi Colombo Ferrari Russo Esposito Romano Gallo Conti Ricci Marino Greco "
    "Bruno Fontana Moretti Barbieri Lombardi Parenti Grigion Nunziata Diallo Mensah Chen Haddad"
)
ORGANISATIONS = [
    "ANCI Lombardia",
    "AnciLab",
    "Fondazione ISMU",
    "Regione Lombardia",
    "Comune di Milano",
    "Cooperativa sociale Il Ponte",
    "Associazione Mondi Insieme",
    "CPIA di Bergamo",
    "Ambito territoriale di Lecco",
    "In-deep",
]
TOPIC_NAMES = [
    ("01 Scuola e contesti multiculturali", Topic.Kind.ACTION),
    ("02 Accesso ai servizi", Topic.Kind.ACTION),
    ("03 Informazione qualificata", Topic.Kind.ACTION),
    ("04 Partecipazione attiva", Topic.Kind.ACTION),
    *[
        (name, Topic.Kind.THEME)
        for name in (
            "Coprogettazione",
            "Coprogrammazione",
            "SAI",
            "Mediazione interculturale",
            "Reti territoriali",
            "Welfare di comunità",
            "Lavoro",
            "Abitare",
            "Salute",
            "Lingua italiana",
            "Minori stranieri",
            "Donne migranti",
            "Giovani",
            "Terzo settore",
            "Enti locali",
            "Fondi europei",
            "Valutazione",
            "Formazione degli operatori",
            "Associazioni di migranti",
            "Dispersione scolastica",
            "Orientamento",
            "Accoglienza",
            "Povertà educativa",
            "Patti di collaborazione",
            "Volontariato",
            "Cittadinanza",
        )
    ],
]

NETWORK_SIZES = {"actors": 2000, "links": 10000, "networks": 40}
ACTOR_WORDS = [
    "Cooperativa", "Associazione", "Fondazione", "Comune di", "Ambito di", "CPIA di",
    "Progetto SAI", "Università di", "Impresa sociale", "Gruppo di cittadini di",
]  # fmt: skip
TOWNS = [
    "Milano", "Bergamo", "Brescia", "Como", "Cremona", "Lecco", "Lodi", "Mantova", "Monza",
    "Pavia", "Sondrio", "Varese", "Legnano", "Rho", "Vigevano", "Crema", "Saronno", "Gallarate",
]  # fmt: skip


def seed_networks(rng):
    """2,000 actors, 10,000 links and 40 networks, over the provinces of Lombardy."""
    from networks.models import Actor, Link, Membership, Network
    from networks.models.actors import Province

    kinds = [kind for kind in Actor.Kind.values if kind != Actor.Kind.PERSON]
    provinces = Province.values
    actors = Actor.objects.bulk_create(
        (
            Actor(
                name=f"{rng.choice(ACTOR_WORDS)} {rng.choice(TOWNS)} {n}",
                slug=f"attore-{n}",
                kind=rng.choice(kinds),
                municipality=rng.choice(TOWNS),
                province=rng.choice(provinces),
                description=sentence(rng),
                is_published=rng.random() > 0.03,
            )
            for n in range(1, NETWORK_SIZES["actors"] + 1)
        ),
        batch_size=BATCH,
    )
    # Preferential attachment: a few hubs, many actors with a handful of links, as real
    # territorial networks look; (source, target, kind, since) stays unique.
    weights = [1.0] * len(actors)
    seen, links = set(), []
    # Encounters are derived from attendance, never stored as links (a constraint says so).
    link_kinds = [kind for kind in Link.Kind.values if kind != Link.Kind.ENCOUNTER]
    while len(links) < NETWORK_SIZES["links"]:
        source, target = rng.choices(range(len(actors)), weights=weights, k=2)
        kind = rng.choice(link_kinds)
        since = dt.date(rng.randint(2014, 2026), 1, 1)
        if source == target or (source, target, kind, since) in seen:
            continue
        seen.add((source, target, kind, since))
        weights[source] += 0.5
        weights[target] += 0.5
        links.append(
            Link(
                source=actors[source],
                target=actors[target],
                kind=kind,
                is_directed=kind in {Link.Kind.FUNDING, Link.Kind.REFERRAL},
                since=since,
                until=since + dt.timedelta(days=365 * rng.randint(1, 6))
                if rng.random() < 0.3
                else None,
            )
        )
    Link.objects.bulk_create(links, batch_size=BATCH)
    networks = Network.objects.bulk_create(
        Network(
            name=f"Rete territoriale {rng.choice(TOWNS)} {n}",
            slug=f"rete-{n}",
            level=Network.Level.LOCAL if n % 5 else Network.Level.SECOND,
            territory=f"Ambito di {rng.choice(TOWNS)}",
            lead=rng.choice(actors),
            is_published=True,
        )
        for n in range(1, NETWORK_SIZES["networks"] + 1)
    )
    Membership.objects.bulk_create(
        (
            Membership(network=network, actor=actor, since=dt.date(2019, 1, 1))
            for network in networks
            for actor in rng.sample(actors, 25)
        ),
        batch_size=BATCH,
    )
    return {"actors": len(actors), "links": len(links), "networks": len(networks)}


# App label -> function(rng) that seeds that app; each runs only if its app is installed.
OPTIONAL_SEEDERS = {"networks": seed_networks}


def sentence(rng, low=8, high=18):
    words = [rng.choice(WORDS if i % 3 else CONNECTIVES) for i in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def title(rng):
    return sentence(rng, 4, 9).rstrip(".")


def seed_workshops(rng):
    """Topics, workshops, sessions, speakers and articles in the sizes of ``SIZES``."""
    topics = Topic.objects.bulk_create(
        Topic(name=name, slug=slugify(name), kind=kind, description=paragraph(rng))
        for name, kind in TOPIC_NAMES
    )
    workshops = Workshop.objects.bulk_create(
        Workshop(
            number=n,
            title=title(rng),
            slug=f"laboratorio-{n}",
            summary=sentence(rng),
            description=paragraph(rng),
            is_published=n != SIZES["workshops"],
        )
        for n in range(1, SIZES["workshops"] + 1)
    )
    Workshop.topics.through.objects.bulk_create(
        Workshop.topics.through(workshop_id=w.pk, topic_id=t.pk)
        for w in workshops
        for t in rng.sample(topics, rng.randint(2, 4))
    )

    per_workshop = SIZES["sessions"] // len(workshops)
    sessions = []
    for index, workshop in enumerate(workshops):
        # One workshop every half year from 2019: the last ones are still to come.
        first_day = dt.datetime(2019, 2, 4, 9, 30, tzinfo=ROME) + dt.timedelta(days=182 * index)
        for n in range(1, per_workshop + 1):
            starts_at = first_day + dt.timedelta(days=7 * (n - 1))
            session = Session(
                workshop=workshop,
                number=n,
                title=title(rng),
                slug=f"giornata-{n}",
                date=starts_at.date(),
                start_time=starts_at.time(),
                end_time=(starts_at + dt.timedelta(hours=3)).time(),
                venue=rng.choice(ORGANISATIONS),
                address="Via Rovello 2, Milano",
                online_url="https://meet.example.org/labimpact" if n % 2 else "",
                description=paragraph(rng),
                is_cancelled=rng.random() < 0.03,
                is_published=rng.random() < 0.95,
            )
            # bulk_create skips save(), which derives these.
            session.derive_schedule()
            sessions.append(session)
    sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
    Session.topics.through.objects.bulk_create(
        (
            Session.topics.through(session_id=s.pk, topic_id=t.pk)
            for s in sessions
            for t in rng.sample(topics, rng.randint(1, 3))
        ),
        batch_size=BATCH,
    )

    speakers = []
    for n in range(1, SIZES["speakers"] + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        speakers.append(
            Speaker(
                honorific=rng.choice(Speaker.Honorific.values),
                first_name=first,
                last_name=last,
                slug=f"{slugify(first)}-{slugify(last)}-{n}",
                role=sentence(rng),
                organisation=rng.choice(ORGANISATIONS),
                bio=paragraph(rng),
                is_published=rng.random() < 0.97,
            )
        )
    speakers = Speaker.objects.bulk_create(speakers, batch_size=BATCH)
    SessionSpeaker.objects.bulk_create(
        (
            SessionSpeaker(
                session=s,
                speaker=sp,
                role=rng.choice(SessionSpeaker.Role.values),
                talk_title=title(rng),
                order=order,
            )
            for s in sessions
            for order, sp in enumerate(rng.sample(speakers, rng.randint(2, 4)))
        ),
        batch_size=BATCH,
    )

    articles = []
    reported = []
    sections = {section.slug: section for section in Section.objects.all()}
    start = dt.datetime(2019, 1, 1, 8, 0, tzinfo=ROME)
    span = (dt.datetime(2026, 10, 1, tzinfo=ROME) - start).total_seconds()
    for n in range(1, SIZES["articles"] + 1):
        text = title(rng)
        roll = rng.random()
        if roll < 0.04:
            status, published_at = Article.Status.DRAFT, None
        elif roll < 0.05:
            # Scheduled far ahead: never public during a benchmark.
            status, published_at = Article.Status.PUBLISHED, dt.datetime(2031, 1, 1, tzinfo=ROME)
        else:
            status = Article.Status.PUBLISHED
            published_at = start + dt.timedelta(seconds=rng.uniform(0, span))
        articles.append(
            Article(
                title=text,
                slug=f"{slugify(text)[:200]}-{n}",
                byline=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                status=status,
                published_at=published_at,
                summary=sentence(rng, 20, 35),
                body="".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(4, 8))),
            )
        )
        reported.append(rng.choice(sessions) if rng.random() < 0.8 else None)
        articles[-1].section = sections.get("resoconto" if reported[-1] else "notizia")
    articles = Article.objects.bulk_create(articles, batch_size=BATCH)
    Article.sessions.through.objects.bulk_create(
        (
            Article.sessions.through(article_id=a.pk, session_id=s.pk)
            for a, s in zip(articles, reported, strict=True)
            if s is not None
        ),
        batch_size=BATCH,
    )
    Article.topics.through.objects.bulk_create(
        (
            Article.topics.through(article_id=a.pk, topic_id=t.pk)
            for a in articles
            for t in rng.sample(topics, rng.randint(1, 3))
        ),
        batch_size=BATCH,
    )
    return {
        "topics": len(topics),
        "workshops": len(workshops),
        "sessions": len(sessions),
        "speakers": len(speakers),
        "articles": len(articles),
    }


@transaction.atomic
def seed(seed=SEED):
    """Fill an empty database; returns the number of rows made, by kind."""
    counts = seed_workshops(random.Random(f"{seed}-workshops"))
    for app_label, seeder in OPTIONAL_SEEDERS.items():
        if apps.is_installed(app_label):
            counts.update(seeder(random.Random(f"{seed}-{app_label}")))
    transaction.on_commit(bump_content_version)
    return counts
