"""The demo network: the actors the seed article names, their networks and links.

Run after ``workshops.demo.content.load_demo``, whose article, session, speakers
and topics it links to. Running it twice changes nothing. The years are
indicative, to give the map's year filter something to show.
"""

import datetime as dt

from django.db import transaction

from networks.models import Actor, Link, Membership, Network
from networks.services import link_save
from workshops.models import Article, Speaker, Topic

SEED_ARTICLE_SLUG = "reti-locali-coprogrammazione-coprogettazione-4-giornata"

ACTORS = [
    # (slug, name, kind, aliases, municipality, province, website, topics, description)
    (
        "regione-lombardia",
        "Regione Lombardia",
        Actor.Kind.PUBLIC_BODY,
        "",
        "Milano",
        "MI",
        "https://www.regione.lombardia.it/",
        [],
        "Capofila del piano Lab'Impact, cofinanziato dal Fondo Asilo, Migrazione e "
        "Integrazione (FAMI).",
    ),
    (
        "anci-lombardia",
        "ANCI Lombardia",
        Actor.Kind.PUBLIC_BODY,
        "Associazione Nazionale Comuni Italiani Lombardia\nANCI",
        "Milano",
        "MI",
        "https://www.anci.lombardia.it/",
        ["coprogettazione"],
        "L'associazione dei Comuni lombardi: accompagna le reti territoriali e cura i "
        "laboratori Lab'Impact.",
    ),
    (
        "ancilab",
        "ANCILab",
        Actor.Kind.COMPANY,
        "AnciLab\nAnciLAB\nAnci Lab",
        "Milano",
        "MI",
        "",
        ["cpia"],
        "La società di ANCI Lombardia; segue il progetto «Conoscere per Integrarsi».",
    ),
    (
        "conoscere-per-integrarsi",
        "Conoscere per Integrarsi",
        Actor.Kind.PROGRAMME,
        "Progetto Conoscere per Integrarsi",
        "",
        "",
        "",
        ["cpia", "azione-01-scuola"],
        "Il progetto che ha promosso, con le reti di secondo livello e le reti locali, la "
        "partecipazione nei CPIA.",
    ),
    (
        "in-deep",
        "In-deep",
        Actor.Kind.THIRD_SECTOR,
        "In deep\nIndeep",
        "",
        "",
        "",
        ["sai"],
        "Progetto nato a supporto delle professioni sociali e delle organizzazioni che credono "
        "in una crescita inclusiva, etica e sostenibile.",
    ),
    (
        "fondazione-cariplo",
        "Fondazione Cariplo",
        Actor.Kind.FOUNDATION,
        "Cariplo",
        "Milano",
        "MI",
        "https://www.fondazionecariplo.it/",
        ["qubi"],
        "Fondazione di origine bancaria; finanzia il programma QuBì contro la povertà infantile.",
    ),
    (
        "qubi",
        "QuBì",
        Actor.Kind.PROGRAMME,
        "QuBi\nQuBì – La ricetta contro la povertà infantile",
        "Milano",
        "MI",
        "",
        ["qubi"],
        "Il programma contro la povertà infantile a Milano, che punta a un «Patto per la "
        "Città» tra pubblico, terzo settore, aziende e cittadini.",
    ),
    (
        "comune-di-milano",
        "Comune di Milano",
        Actor.Kind.PUBLIC_BODY,
        "Città di Milano",
        "Milano",
        "MI",
        "https://www.comune.milano.it/",
        ["qubi", "sai"],
        "",
    ),
    (
        "progetti-sai-lombardia",
        "Progetti SAI della Lombardia (già SIPROIMI)",
        Actor.Kind.RECEPTION,
        "SIPROIMI\nSPRAR\nSAI",
        "",
        "",
        "",
        ["sai"],
        "I progetti di accoglienza e integrazione dei Comuni lombardi: non un mero servizio, "
        "ma uno snodo del territorio che in rete contribuisce all'inclusione.",
    ),
    (
        "cpia-lombardia",
        "CPIA della Lombardia",
        Actor.Kind.SCHOOL,
        "CPIA\nCPA\nCentri provinciali per l'istruzione degli adulti",
        "",
        "",
        "",
        ["cpia", "azione-01-scuola"],
        "I centri provinciali per l'istruzione degli adulti e le loro reti.",
    ),
    (
        "terzo-settore-qubi",
        "Enti del terzo settore della rete QuBì",
        Actor.Kind.THIRD_SECTOR,
        "",
        "Milano",
        "MI",
        "",
        ["qubi"],
        "Le cooperative e associazioni che lavorano nelle reti di quartiere del programma.",
    ),
    (
        "imprese-patto-per-la-citta",
        "Imprese del Patto per la Città",
        Actor.Kind.COMPANY,
        "",
        "Milano",
        "MI",
        "",
        ["qubi"],
        "Il mondo profit che il programma QuBì coinvolge nel Patto per la Città.",
    ),
    (
        "cittadini-quartieri-qubi",
        "Cittadini attivi dei quartieri QuBì",
        Actor.Kind.CITIZENS,
        "",
        "Milano",
        "MI",
        "",
        ["qubi", "azione-04-partecipazione"],
        "",
    ),
    (
        "fondazione-ismu",
        "Fondazione ISMU",
        Actor.Kind.FOUNDATION,
        "ISMU",
        "Milano",
        "MI",
        "https://www.ismu.org/",
        ["azione-03-informazione"],
        "Accompagna le reti territoriali del piano Lab'Impact.",
    ),
]

# (source, target, kind, directed, since, description, documented by the seed article)
LINKS = [
    (
        "regione-lombardia",
        "anci-lombardia",
        Link.Kind.PARTNERSHIP,
        False,
        2018,
        "Partner del piano Lab'Impact: ANCI Lombardia cura i laboratori.",
        False,
    ),
    (
        "regione-lombardia",
        "fondazione-ismu",
        Link.Kind.PARTNERSHIP,
        False,
        2018,
        "Partner del piano Lab'Impact per l'accompagnamento delle reti.",
        False,
    ),
    (
        "ancilab",
        "anci-lombardia",
        Link.Kind.MEMBERSHIP,
        True,
        None,
        "ANCILab è la società di ANCI Lombardia.",
        False,
    ),
    (
        "ancilab",
        "conoscere-per-integrarsi",
        Link.Kind.PARTNERSHIP,
        False,
        2019,
        "ANCILab è referente del progetto.",
        True,
    ),
    (
        "conoscere-per-integrarsi",
        "cpia-lombardia",
        Link.Kind.PARTNERSHIP,
        False,
        2019,
        "Le reti di secondo livello e locali promuovono la partecipazione nei CPIA.",
        True,
    ),
    (
        "fondazione-cariplo",
        "qubi",
        Link.Kind.FUNDING,
        True,
        2017,
        "Fondazione Cariplo finanzia il programma QuBì per la città di Milano.",
        True,
    ),
    (
        "qubi",
        "comune-di-milano",
        Link.Kind.CODESIGN,
        False,
        2017,
        "Il programma lavora con il Comune per un Patto per la Città.",
        True,
    ),
    (
        "qubi",
        "terzo-settore-qubi",
        Link.Kind.PARTNERSHIP,
        False,
        2018,
        "Le reti territoriali attivate dal programma.",
        True,
    ),
    (
        "qubi",
        "imprese-patto-per-la-citta",
        Link.Kind.PARTNERSHIP,
        False,
        2019,
        "Il mondo profit nel Patto per la Città.",
        True,
    ),
    (
        "qubi",
        "cittadini-quartieri-qubi",
        Link.Kind.PARTNERSHIP,
        False,
        2019,
        "I cittadini nelle reti di quartiere.",
        True,
    ),
    (
        "comune-di-milano",
        "progetti-sai-lombardia",
        Link.Kind.MEMBERSHIP,
        True,
        2016,
        "Il Comune è titolare di progetti di accoglienza.",
        False,
    ),
    (
        "progetti-sai-lombardia",
        "cpia-lombardia",
        Link.Kind.REFERRAL,
        True,
        2019,
        "I progetti di accoglienza inviano i beneficiari ai corsi di italiano dei CPIA.",
        True,
    ),
    (
        "in-deep",
        "progetti-sai-lombardia",
        Link.Kind.OTHER,
        True,
        2020,
        "Formazione degli operatori sul SIPROIMI come snodo del territorio.",
        True,
    ),
]

NETWORKS = [
    # (slug, name, level, territory, lead, [(member, role, since)], topics, description)
    (
        "lab-impact",
        "Lab'Impact",
        Network.Level.SECOND,
        "Lombardia",
        "regione-lombardia",
        [
            ("regione-lombardia", Membership.Role.LEAD, 2018),
            ("anci-lombardia", Membership.Role.SUPPORT, 2018),
            ("fondazione-ismu", Membership.Role.SUPPORT, 2018),
            ("ancilab", Membership.Role.PARTNER, 2019),
        ],
        ["coprogettazione"],
        "Il piano regionale per l'integrazione dei cittadini di Paesi terzi: 35 Ambiti "
        "territoriali, ciascuno alla guida di una rete di partner pubblici e del terzo settore.",
    ),
    (
        "qubi-milano",
        "QuBì Milano",
        Network.Level.LOCAL,
        "Città di Milano",
        "fondazione-cariplo",
        [
            ("fondazione-cariplo", Membership.Role.FUNDER, 2017),
            ("qubi", Membership.Role.LEAD, 2017),
            ("comune-di-milano", Membership.Role.PARTNER, 2017),
            ("terzo-settore-qubi", Membership.Role.PARTNER, 2018),
            ("imprese-patto-per-la-citta", Membership.Role.ASSOCIATE, 2019),
            ("cittadini-quartieri-qubi", Membership.Role.ASSOCIATE, 2019),
        ],
        ["qubi"],
        "Le reti territoriali attivate dal programma QuBì: pubblico, privato sociale, mondo "
        "profit e cittadini.",
    ),
    (
        "conoscere-per-integrarsi",
        "Rete Conoscere per Integrarsi",
        Network.Level.SECOND,
        "Lombardia",
        "ancilab",
        [
            ("ancilab", Membership.Role.LEAD, 2019),
            ("anci-lombardia", Membership.Role.PARTNER, 2019),
            ("conoscere-per-integrarsi", Membership.Role.PARTNER, 2019),
            ("cpia-lombardia", Membership.Role.PARTNER, 2019),
        ],
        ["cpia"],
        "Reti di secondo livello e reti locali per la partecipazione nei CPIA.",
    ),
]

PEOPLE = {"in-deep": ["nicola-grigion"], "ancilab": ["pasquale-nunziata"]}


@transaction.atomic
def load_network_demo():
    """Create or update the demo actors, links and networks; the seed article documents them."""
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    article = Article.objects.filter(slug=SEED_ARTICLE_SLUG).first()
    session = article.sessions.order_by("pk").first() if article else None
    actors = {}
    for slug, name, kind, aliases, town, province, website, topic_slugs, text in ACTORS:
        actors[slug], _ = Actor.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "aliases": aliases,
                "municipality": town,
                "province": province,
                "website": website,
                "description": text,
                "is_published": True,
            },
        )
        actors[slug].topics.set([topics[t] for t in topic_slugs if t in topics])
    for slug, speaker_slugs in PEOPLE.items():
        actors[slug].people.set(Speaker.objects.filter(slug__in=speaker_slugs))

    for source, target, kind, directed, year, text, from_article in LINKS:
        since = dt.date(year, 1, 1) if year else None
        ends = {"source": actors[source], "target": actors[target], "kind": kind, "since": since}
        fields = {"is_directed": directed, "description": text}
        if not from_article:
            # Recorded before a source was required, as the first demo had them: they stand
            # for the links editors still have to document («da documentare»). The rule is
            # for new links (``Link.clean()``), so they are kept as such rows are kept.
            link, _ = Link.objects.update_or_create(**ends, defaults=fields)
            link.full_clean()
            continue
        link = Link.objects.filter(**ends).first() or Link(**ends)
        for name, value in fields.items():
            setattr(link, name, value)
        link.documented_by_article = article
        link.documented_by_session = session
        link_save(link=link)

    for slug, name, level, territory, lead, members, topic_slugs, text in NETWORKS:
        network, _ = Network.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "level": level,
                "territory": territory,
                "lead": actors[lead],
                "description": text,
                "is_published": True,
            },
        )
        network.topics.set([topics[t] for t in topic_slugs if t in topics])
        for member, role, year in members:
            Membership.objects.update_or_create(
                network=network,
                actor=actors[member],
                defaults={"role": role, "since": dt.date(year, 1, 1)},
            )

    if article is not None:
        # The article names these actors: link them as an editor would after the suggestions.
        article.mentioned_actors.add(*Actor.objects.published().found_in_text(article.body))
    return actors
