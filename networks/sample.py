"""The sample network: 150 actors of every kind, their networks and 400 documented links.

Added by ``load_demo --sample`` after the sample programme (``workshops.demo.sample``),
whose articles and sessions document the links. Same rules as there: slugs start with
``esempio-``, descriptions say «Contenuto di esempio», one seeded generator, every row
through ``full_clean()`` and ``save()``, a second run saves nothing unchanged. The demo's
actors keep every field; some sample links reach Regione Lombardia and ANCI Lombardia,
so that the sample hangs together with the seed's network on the map.
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q

from networks import services
from networks.models import Actor, Link, Membership, Network
from workshops.demo import sample_text as text
from workshops.demo.sample import PREFIX, Rows, marked, sample_slug
from workshops.models import Registration

SEED = 2019
LINK_DESCRIPTIONS = [
    "Lavorano insieme nella rete territoriale dell'Ambito.",
    "Accordo firmato per i corsi di italiano e l'orientamento.",
    "Scambio di segnalazioni tra i servizi.",
]
ACTORS = 150
LINKS = 400
# Attendance marked at the door of a few past sessions, drawn from a pool of regulars so
# that some pairs meet more than once: the map then shows encounters of several weights.
ATTENDED_SESSIONS = 8
REGULARS = 24
PRESENT_PER_SESSION = (4, 7)
# Sample participants' addresses: never a real domain (RFC 2606).
SAMPLE_EMAIL = "esempio-partecipante-{number}@example.invalid"
ATS = ["ATS Bergamo", "ATS Brianza", "ATS Insubria", "ATS Val Padana", "ATS della Montagna"]
UNIVERSITIES = [
    ("Università degli Studi di Bergamo", "Bergamo", "BG"),
    ("Università degli Studi di Pavia", "Pavia", "PV"),
    ("Università Cattolica del Sacro Cuore, sede di Brescia", "Brescia", "BS"),
    ("Università degli Studi dell'Insubria", "Varese", "VA"),
]
FOUNDATIONS = [
    ("Fondazione della Comunità Bergamasca", "Bergamo", "BG"),
    ("Fondazione Comunitaria del Lecchese", "Lecco", "LC"),
    ("Fondazione Comunità Bresciana", "Brescia", "BS"),
    ("Fondazione Monza e Brianza", "Monza", "MB"),
    ("Fondazione Comunitaria della Provincia di Lodi", "Lodi", "LO"),
    ("Fondazione Comunitaria della Provincia di Cremona", "Cremona", "CR"),
    ("Fondazione Comunitaria del Varesotto", "Varese", "VA"),
    ("Fondazione Pro Valtellina", "Sondrio", "SO"),
]
COMPANIES = [
    "Brambilla Meccanica S.p.A.", "Agenzia per il lavoro Mestieri Lombardia",
    "Cooperativa di consumo La Lombarda", "Logistica Padana S.r.l.", "Caseificio Valle Seriana",
    "Studio associato di consulenza del lavoro Ronchi & Villa", "Hotel Lago di Garda",
    "Officine Grafiche Bonfanti", "Supermercati Il Borgo", "Edilizia Sociale Lombarda S.r.l.",
]  # fmt: skip
PROGRAMMES = [
    "Progetto Lavoro e Integrazione", "Progetto Casa Ponte", "Programma Comunità Educanti",
    "Progetto Sportelli Diffusi", "Progetto Italiano per Tutti",
    "Progetto di inclusione socio-lavorativa dei titolari di protezione internazionale "
    "e dei neomaggiorenni in uscita dalle comunità per minori",
]  # fmt: skip
OTHERS = [
    "Caritas diocesana di Bergamo", "Parrocchia di San Giuseppe, Crema",
    "Sindacato inquilini di Pavia", "Patronato INCA di Cremona",
]  # fmt: skip
CITIZENS = [
    "Comitato genitori della scuola Don Milani", "Gruppo di cittadini del quartiere San Polo",
    "Volontari del doposcuola di Sesto", "Gruppo di mutuo aiuto Donne in cammino",
    "Orti condivisi di Vimercate", "Banca del tempo di Codogno",
    "Gruppo di lettura in italiano facile", "Consulta dei cittadini stranieri di Lecco",
]  # fmt: skip


def _actor_rows(rng):
    """(name, kind, town, province, ambito, aliases, published) for each sample actor."""
    rows = []
    towns = text.TOWNS
    for ambito in text.AMBITI:
        town = ambito.removeprefix("Ambito territoriale di ")
        province = dict(towns).get(town, "")
        rows.append(
            (ambito, Actor.Kind.PUBLIC_BODY, town, province, "", f"Ufficio di Piano di {town}")
        )
    for town, province in towns:
        rows.append(
            (f"Comune di {town}", Actor.Kind.PUBLIC_BODY, town, province, "", f"Città di {town}")
        )
    for name in ATS:
        rows.append((name, Actor.Kind.PUBLIC_BODY, "", "", "", "Agenzia di tutela della salute"))
    for name in text.COOPERATIVE_NAMES:
        town, province = rng.choice(towns)
        rows.append(
            (
                f"Cooperativa sociale {name}",
                Actor.Kind.THIRD_SECTOR,
                town,
                province,
                "",
                f"Coop. {name}",
            )
        )
    for name in text.ASSOCIATION_NAMES:
        town, province = rng.choice(towns)
        full = name if name.startswith("Associazione") else f"Associazione {name}"
        rows.append((full, Actor.Kind.THIRD_SECTOR, town, province, "", ""))
    for name in CITIZENS:
        town, province = rng.choice(towns)
        rows.append((name, Actor.Kind.CITIZENS, town, province, "", ""))
    for town, province in towns[:12]:
        rows.append((f"CPIA di {town}", Actor.Kind.SCHOOL, town, province, "", f"CPA {town}"))
    for index, (town, province) in enumerate(towns[:10]):
        school = ["Don Milani", "Rodari", "Montessori", "Manzoni", "Ungaretti"][index % 5]
        rows.append(
            (f"Istituto comprensivo {school} di {town}", Actor.Kind.SCHOOL, town, province, "", "")
        )
    for town, province in towns[:14]:
        rows.append(
            (
                f"Progetto SAI del Comune di {town}",
                Actor.Kind.RECEPTION,
                town,
                province,
                "",
                f"SIPROIMI {town}\nSPRAR {town}",
            )
        )
    for name, town, province in UNIVERSITIES:
        rows.append((name, Actor.Kind.UNIVERSITY, town, province, "", ""))
    for name, town, province in FOUNDATIONS:
        rows.append((name, Actor.Kind.FOUNDATION, town, province, "", ""))
    for name in COMPANIES:
        town, province = rng.choice(towns)
        rows.append((name, Actor.Kind.COMPANY, town, province, "", ""))
    for name in PROGRAMMES:
        rows.append((name, Actor.Kind.PROGRAMME, "", "", "", ""))
    for name in OTHERS:
        town, province = rng.choice(towns)
        rows.append((name, Actor.Kind.OTHER, town, province, "", ""))
    for index in range(ACTORS - len(rows)):
        town, province = towns[index % len(towns)]
        kind = Actor.Kind.PERSON if index < 4 else Actor.Kind.THIRD_SECTOR
        name = f"Volontario {index + 1} di {town}" if index < 4 else f"Oratorio di {town}"
        rows.append((name, kind, town, province, "", ""))
    return rows[:ACTORS]


class NetworkBuilder:
    """One run of the sample network, over the sample programme ``programme`` built."""

    def __init__(self, programme):
        self.rng = random.Random(SEED)
        self.programme = programme
        self.topics = programme.topics
        self.rows = Rows()

    def build(self):
        self.build_actors()
        self.build_networks()
        self.build_links()
        self.build_attendance()
        self.rows.flush()
        for queryset in [
            Registration.objects.filter(
                session__slug__startswith=PREFIX, email__startswith="esempio-partecipante-"
            ),
            Link.objects.filter(source__slug__startswith=PREFIX),
            Membership.objects.filter(network__slug__startswith=PREFIX),
            Network.objects.filter(slug__startswith=PREFIX),
            Actor.objects.filter(slug__startswith=PREFIX),
        ]:
            self.rows.prune(queryset)
        # After the prune: a registration of an older sample no longer counts.
        self.build_encounters()
        return self

    def build_actors(self):
        rng = self.rng
        existing = {
            a.slug: a
            for a in Actor.objects.filter(slug__startswith=PREFIX).prefetch_related(
                "topics", "people"
            )
        }
        topic_pool = sorted(self.topics)
        speakers = [s for s in self.programme.speakers if s.is_published]
        self.actors = []
        for index, (name, kind, town, province, ambito, aliases) in enumerate(_actor_rows(rng)):
            slug = sample_slug(name, limit=100)
            values = {
                "slug": slug,
                "name": name,
                "kind": kind,
                "aliases": aliases,
                "municipality": town,
                "province": province,
                "ambito": ambito,
                "website": "",
                "description": marked(rng.choice(text.ACTOR_DESCRIPTIONS)),
                # A few are still being checked by the editors.
                "is_published": index % 37 != 5,
            }
            actor = self.rows.put(Actor, existing, slug, values)
            self.rows.set_related(
                actor, "topics", [self.topics[t] for t in rng.sample(topic_pool, k=2)]
            )
            people = rng.sample(speakers, k=1) if index % 5 == 0 else []
            self.rows.set_related(actor, "people", people)
            self.actors.append(actor)
        self.ambiti = self.actors[: len(text.AMBITI)]

    def build_networks(self):
        rng = self.rng
        existing = {
            n.slug: n
            for n in Network.objects.filter(slug__startswith=PREFIX).prefetch_related(
                "topics", "memberships"
            )
        }
        self.networks = []
        published = [a for a in self.actors if a.is_published and not a.is_person]
        plans = []
        for ambito in self.ambiti:
            town = ambito.municipality
            local = [a for a in published if a.province == ambito.province and a != ambito]
            plans.append(
                (
                    f"Rete territoriale dell'Ambito di {town}",
                    Network.Level.LOCAL,
                    f"Ambito di {town}",
                    ambito,
                    local[:12] or rng.sample(published, 5),
                    town != "Sondrio",
                )
            )
        cpia = [a for a in published if a.name.startswith("CPIA")]
        sai = [a for a in published if a.kind == Actor.Kind.RECEPTION]
        plans.append(
            (
                "Rete regionale dei CPIA lombardi",
                Network.Level.SECOND,
                "Lombardia",
                cpia[0],
                cpia,
                True,
            )
        )
        plans.append(
            (
                "Coordinamento dei progetti SAI della Lombardia",
                Network.Level.SECOND,
                "Lombardia",
                sai[0],
                sai,
                True,
            )
        )
        roles = [Membership.Role.PARTNER] * 4 + [Membership.Role.ASSOCIATE, Membership.Role.FUNDER]
        for name, level, territory, lead, members, is_published in plans:
            slug = sample_slug(name)
            values = {
                "slug": slug,
                "name": name,
                "level": level,
                "territory": territory,
                "lead": lead,
                "description": marked(
                    "Una rete inventata per mostrare il sito con molti contenuti."
                ),
                "is_published": is_published,
            }
            network = self.rows.put(Network, existing, slug, values)
            self.rows.set_related(
                network, "topics", [self.topics[t] for t in rng.sample(sorted(self.topics), k=2)]
            )
            current = {m.actor_id: m for m in network.memberships.all()}
            for member in dict.fromkeys([lead, *members]):
                role = Membership.Role.LEAD if member == lead else rng.choice(roles)
                values = {
                    "network": network,
                    "actor": member,
                    "role": role,
                    "since": dt.date(rng.randint(2015, 2023), 1, 1),
                    "until": None,
                }
                self.rows.put(Membership, current, member.pk, values)
            self.networks.append(network)

    def build_links(self):
        rng = self.rng
        seeds = {
            a.slug: a
            for a in Actor.objects.filter(slug__in=["regione-lombardia", "anci-lombardia"])
        }
        existing = {
            (link.source_id, link.target_id, link.kind, link.since): link
            for link in Link.objects.filter(source__slug__startswith=PREFIX)
        }
        by_kind = {}
        for actor in self.actors:
            by_kind.setdefault(actor.kind, []).append(actor)
        funders = by_kind[Actor.Kind.FOUNDATION]
        reception = by_kind[Actor.Kind.RECEPTION]
        schools = by_kind[Actor.Kind.SCHOOL]
        documents = [a for a in self.programme.articles if a.is_public] or [None]
        sessions = [s for s in self.programme.sessions if s.is_public and s.is_past] or [None]
        seen = set()
        candidates = []
        for ambito in self.ambiti:
            for parent in seeds.values():
                candidates.append((ambito, parent, Link.Kind.MEMBERSHIP, True))
        while len(candidates) < LINKS * 3:
            roll = rng.random()
            if roll < 0.15:
                candidates.append(
                    (rng.choice(funders), rng.choice(self.actors), Link.Kind.FUNDING, True)
                )
            elif roll < 0.3:
                candidates.append(
                    (rng.choice(reception), rng.choice(schools), Link.Kind.REFERRAL, True)
                )
            elif roll < 0.4:
                candidates.append(
                    (rng.choice(self.actors), rng.choice(self.ambiti), Link.Kind.CODESIGN, False)
                )
            elif roll < 0.5:
                candidates.append(
                    (rng.choice(self.actors), rng.choice(self.ambiti), Link.Kind.MEMBERSHIP, True)
                )
            elif roll < 0.55:
                candidates.append(
                    (rng.choice(self.actors), rng.choice(self.actors), Link.Kind.OTHER, False)
                )
            else:
                candidates.append(
                    (rng.choice(self.actors), rng.choice(self.actors), Link.Kind.PARTNERSHIP, False)
                )
        planned = {}
        for source, target, kind, directed in candidates:
            pair = (source.pk, target.pk) if directed else tuple(sorted((source.pk, target.pk)))
            if source == target or (pair, kind) in seen:
                continue
            seen.add((pair, kind))
            year = rng.choice([None] + list(range(2012, 2026)) * 2)
            since = dt.date(year, rng.randint(1, 12), 1) if year else None
            until = (
                dt.date(year + rng.randint(1, 4), 12, 31) if year and rng.random() < 0.1 else None
            )
            document = rng.random()
            values = {
                "source": source,
                "target": target,
                "kind": kind,
                "is_directed": directed,
                "since": since,
                "until": until,
                "description": marked(rng.choice(LINK_DESCRIPTIONS)),
                "documented_by_article": rng.choice(documents) if document < 0.6 else None,
                "documented_by_session": rng.choice(sessions) if document >= 0.6 else None,
                "document_url": "",
            }
            planned[(source.pk, target.pk, kind, since)] = values
            if len(planned) == LINKS:
                break
        # An older sample's links go first: one of them could overlap a new one.
        for key, link in list(existing.items()):
            if key not in planned:
                link.delete()
                del existing[key]
        for key, values in planned.items():
            self.rows.put(Link, existing, key, values)

    def build_attendance(self):
        """Participants of the sample's organisations present at a few past sessions.

        Registrations confirmed and checked in, saved as rows (no e-mail goes out), then
        each session's encounters recomputed as a check-in at the door would.
        """
        rng = random.Random(SEED + 1)
        sessions = [s for s in self.programme.sessions if s.is_public and s.is_past]
        sessions = sorted(sessions, key=lambda session: session.pk)[-ATTENDED_SESSIONS:]
        regulars = rng.sample(self.actors, min(REGULARS, len(self.actors)))
        existing = {
            (registration.session_id, registration.email): registration
            for registration in Registration.objects.filter(
                session__in=sessions, email__startswith="esempio-partecipante-"
            )
        }
        number = 0
        for session in sessions:
            present = rng.sample(regulars, rng.randint(*PRESENT_PER_SESSION))
            for actor in present:
                number += 1
                email = SAMPLE_EMAIL.format(number=number)
                self.rows.put(
                    Registration,
                    existing,
                    (session.pk, email),
                    {
                        "session": session,
                        "state": Registration.State.CONFIRMED,
                        "name": f"Partecipante di esempio {number}",
                        "email": email,
                        "organisation": actor.name,
                        "actor_id": actor.pk,
                        "has_consented": True,
                        # In UTC: a week before in local time moves with summer time.
                        "confirmed_at": session.starts_at.astimezone(dt.UTC) - dt.timedelta(days=7),
                        "checked_in_at": session.starts_at,
                    },
                )
        self.attended = sessions

    def build_encounters(self):
        for session in self.attended:
            services.encounters_rebuild(session_id=session.pk)


@transaction.atomic
def load_sample_network(programme):
    """Add or refresh the sample network over ``programme`` (a built sample programme)."""
    return NetworkBuilder(programme).build()


@transaction.atomic
def remove_sample_network():
    """Delete the sample's networks, actors and links; the demo's network stays as it is."""
    Link.objects.filter(
        Q(source__slug__startswith=PREFIX) | Q(target__slug__startswith=PREFIX)
    ).delete()
    Network.objects.filter(slug__startswith=PREFIX).delete()
    Actor.objects.filter(slug__startswith=PREFIX).delete()
