"""The demo content: the seed article and everything it names, plus a future to look at."""

import datetime as dt
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from workshops.demo.glossary import load_glossary
from workshops.models import (
    Article,
    RegistrationSettings,
    Section,
    Session,
    SessionSpeaker,
    Speaker,
    Topic,
    Workshop,
)
from workshops.site import public_root

ROME = ZoneInfo("Europe/Rome")
SEED_BODY = (Path(__file__).parent / "seed-article.html").read_text(encoding="utf-8")
EDITOR_USERNAME = "redazione"
# Where the site runs when no public address is set: the development server.
DEVELOPMENT_ROOT = "http://127.0.0.1:8000"


def example_link():
    """The online link of the demo's sessions: a page of this site that says it is an example."""
    with override(settings.LANGUAGE_CODE):
        path = reverse("workshops:example_link")
    return (public_root() or DEVELOPMENT_ROOT) + path


TOPICS = [
    # (slug, name, kind, aliases, description)
    (
        "coprogettazione",
        "Coprogettazione",
        Topic.Kind.THEME,
        "Co-progettazione\nCoprogrammazione",
        "Come enti pubblici e terzo settore programmano e progettano insieme i servizi.",
    ),
    (
        "sai",
        "SAI (già SIPROIMI)",
        Topic.Kind.THEME,
        "SIPROIMI\nSPRAR\nSistema di accoglienza e integrazione",
        "Il sistema di accoglienza per titolari di protezione internazionale e minori non "
        "accompagnati: SPRAR fino al 2018, SIPROIMI fino al dicembre 2020, oggi SAI.",
    ),
    (
        "qubi",
        "QuBì",
        Topic.Kind.THEME,
        "QuBi\nQuBì – La ricetta contro la povertà infantile",
        "Il programma di Fondazione Cariplo contro la povertà infantile a Milano.",
    ),
    (
        "cpia",
        "Reti dei CPIA",
        Topic.Kind.THEME,
        "CPIA\nCPA\nCentri provinciali per l'istruzione degli adulti",
        "I centri provinciali per l'istruzione degli adulti e le loro reti.",
    ),
    (
        "azione-01-scuola",
        "Azione 01 – Scuola e contesti multiculturali",
        Topic.Kind.ACTION,
        "Dispersione scolastica",
        "Qualificazione del sistema scolastico in contesti multiculturali "
        "e contrasto alla dispersione.",
    ),
    (
        "azione-02-servizi",
        "Azione 02 – Accesso ai servizi",
        Topic.Kind.ACTION,
        "",
        "Promozione dell'accesso ai servizi per l'integrazione.",
    ),
    (
        "azione-03-informazione",
        "Azione 03 – Informazione qualificata",
        Topic.Kind.ACTION,
        "",
        "Servizi di informazione qualificata, attraverso canali regionali e territoriali.",
    ),
    (
        "azione-04-partecipazione",
        "Azione 04 – Partecipazione attiva",
        Topic.Kind.ACTION,
        "Associazioni di migranti",
        "Promozione della partecipazione attiva dei migranti e delle loro associazioni.",
    ),
]


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ROME)


@transaction.atomic
def load_demo(today=None):
    """Create or update the demo content; running it twice changes nothing but the dates ahead."""
    today = today or timezone.localdate()
    topics = {}
    for slug, name, kind, aliases, description in TOPICS:
        topics[slug], _ = Topic.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "aliases": aliases, "description": description},
        )

    third, _ = Workshop.objects.update_or_create(
        number=3,
        defaults={
            "slug": "reti-locali-coprogrammazione-coprogettazione",
            "title": "Le reti locali e i cicli di coprogrammazione e coprogettazione "
            "del welfare di comunità",
            "summary": "Il terzo laboratorio Lab'Impact (novembre–dicembre 2020, quattro giornate) "
            "su coprogrammazione e coprogettazione tra enti locali e terzo settore.",
            "description": "Quattro giornate online per gli operatori delle reti territoriali "
            "guidate dagli Ambiti: strumenti giuridici e pratici della coprogrammazione e della "
            "coprogettazione, e il ruolo delle reti nel welfare di comunità.",
            "is_published": True,
        },
    )
    third.topics.set([topics["coprogettazione"], topics["azione-02-servizi"]])

    grigion, _ = Speaker.objects.update_or_create(
        slug="nicola-grigion",
        defaults={
            "honorific": Speaker.Honorific.DOTT,
            "first_name": "Nicola",
            "last_name": "Grigion",
            "role": "Consulente e formatore sui temi dell'inclusione sociale, dell'immigrazione e "
            "del lavoro d'equipe; cofondatore di In-deep, progetto nato a supporto delle "
            "professioni sociali e delle organizzazioni che credono in una crescita inclusiva, "
            "etica e sostenibile.",
            "organisation": "In-deep",
            "is_published": True,
        },
    )
    nunziata, _ = Speaker.objects.update_or_create(
        slug="pasquale-nunziata",
        defaults={
            "honorific": Speaker.Honorific.DOTT,
            "first_name": "Pasquale",
            "last_name": "Nunziata",
            "role": "Referente per ANCILab del progetto «Conoscere per Integrarsi».",
            "organisation": "ANCILab (ANCI Lombardia)",
            "is_published": True,
        },
    )

    fourth_day, _ = Session.objects.update_or_create(
        workshop=third,
        number=4,
        defaults={
            "slug": "coesione-territoriale-orizzonte-coprogettazione",
            "title": "La coesione territoriale e l'orizzonte della coprogettazione",
            "date": dt.date(2020, 12, 10),
            "start_time": dt.time(9, 30),
            "end_time": dt.time(13, 0),
            "venue": "",
            "online_url": example_link(),
            "description": "L'ultima giornata del terzo laboratorio: il SIPROIMI come snodo del "
            "territorio, l'esperienza del programma QuBì e le reti di secondo livello.",
            "is_published": True,
        },
    )
    fourth_day.topics.set(
        [topics["coprogettazione"], topics["sai"], topics["qubi"], topics["cpia"]]
    )
    for order, (speaker, talk) in enumerate(
        [
            (grigion, "Il SIPROIMI come snodo del territorio"),
            (nunziata, "Reti di secondo livello e CPIA"),
        ]
    ):
        SessionSpeaker.objects.update_or_create(
            session=fourth_day, speaker=speaker, defaults={"order": order, "talk_title": talk}
        )

    article, _ = Article.objects.update_or_create(
        slug="reti-locali-coprogrammazione-coprogettazione-4-giornata",
        defaults={
            "title": "Le reti locali e i cicli di coprogrammazione e coprogettazione del welfare "
            "di comunità (4° giornata)",
            "byline": "Federica Parenti",
            "status": Article.Status.PUBLISHED,
            "published_at": _at(dt.date(2020, 12, 18), 12, 0),
            # The original page has no subtitle: the summary would show as one.
            "summary": "",
            "body": SEED_BODY,
            "section": Section.objects.get_or_create(
                slug="resoconto", defaults={"name": "Resoconto", "kicker": "Laboratori Lab'Impact"}
            )[0],
        },
    )
    article.sessions.set([fourth_day])
    # The original page has no areas of interest; the portal tags it so it can be found.
    article.topics.set([topics["coprogettazione"], topics["sai"], topics["qubi"], topics["cpia"]])

    _load_future(today, topics, grigion, nunziata)
    load_glossary()
    return _ensure_editor()


def _load_future(today, topics, grigion, nunziata):
    """A workshop of the new edition, dated from today, so that the calendar has a future."""
    fourth, _ = Workshop.objects.update_or_create(
        number=4,
        defaults={
            "slug": "reti-territoriali-fami-2021-2027",
            "title": "Reti territoriali e partecipazione: il nuovo ciclo FAMI 2021-2027",
            "summary": "Il laboratorio della seconda edizione: dalle reti dei progetti alle "
            "politiche di integrazione dei territori.",
            "is_published": True,
        },
    )
    fourth.topics.set([topics["coprogettazione"], topics["azione-04-partecipazione"]])
    plan = [
        (
            1,
            "reti-e-ambiti",
            "Le reti degli Ambiti: mappare chi lavora con chi",
            14,
            "Sala Consiglio, ANCI Lombardia",
            "Via Rovello 2, Milano",
            "",
            [grigion],
        ),
        (
            2,
            "scuola-e-cpia",
            "Scuola, CPIA e percorsi per gli adulti",
            35,
            "",
            "",
            example_link(),
            [nunziata],
        ),
        (
            3,
            "partecipazione-associazioni",
            "La partecipazione delle associazioni di migranti",
            63,
            "Palazzo Lombardia",
            "Piazza Città di Lombardia 1, Milano",
            example_link(),
            [grigion, nunziata],
        ),
    ]
    for number, slug, title, days_ahead, venue, address, online_url, speakers in plan:
        day = today + dt.timedelta(days=days_ahead)
        session, _ = Session.objects.update_or_create(
            workshop=fourth,
            number=number,
            defaults={
                "slug": slug,
                "title": title,
                "date": day,
                "start_time": dt.time(10),
                "end_time": dt.time(13),
                "venue": venue,
                "address": address,
                "online_url": online_url,
                "is_published": True,
            },
        )
        session.topics.set([topics["coprogettazione"]])
        # Registration open on the new edition: the form and the places can be tried.
        RegistrationSettings.objects.get_or_create(session=session, defaults={"capacity": 40})
        for order, speaker in enumerate(speakers):
            SessionSpeaker.objects.update_or_create(
                session=session, speaker=speaker, defaults={"order": order}
            )


def _ensure_editor():
    """The demo editor and, only when this run created the account, its random password.

    An existing account keeps the password its owner may have changed: a later run never
    locks them out.
    """
    user, created = User.objects.get_or_create(username=EDITOR_USERNAME)
    password = None
    if created:
        password = secrets.token_urlsafe(12)
        user.set_password(password)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user.username, password
