"""The sample programme: the seed's site at the volume of a real one, clearly labelled.

``load_sample_programme()`` adds, on top of the demo (``content.load_demo``, which it
never changes), topics, sections, eight workshops with their sessions, eighty speakers
(some with a portrait drawn here) and articles from 2019 to 2025, with drafts among them.
Every row it owns has a slug starting with ``esempio-`` (visible in every URL and in the
admin) and says «Contenuto di esempio» where visitors read it: the articles' kicker, the
workshops', sessions' and topics' descriptions, the speakers' biographies.

It is deterministic (one seeded ``random.Random``; dates fixed, but for the last
workshop's, counted from ``today`` so that the calendar always has a future),
idempotent (a second run saves nothing that has not changed) and goes through each
model's ``full_clean()`` and ``save()``, so search texts, sanitised bodies, schedules
and the content version come out as an editor's work would.
"""

import datetime as dt
import io
import random

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from PIL import Image, ImageDraw, ImageFont

from workshops.demo import sample_text as text
from workshops.demo.content import ROME, example_link
from workshops.models import Article, Section, Session, SessionSpeaker, Speaker, Topic, Workshop

SEED = 13
PREFIX = text.SLUG_PREFIX
MARKER = text.MARKER
ARTICLE_YEARS = range(2019, 2026)
ARTICLES_PER_YEAR = 10
SPEAKERS = 80
# Which sessions of the last workshop (dated from today) are past, soon, cancelled, undated.
FUTURE_PLAN = [-40, 10, 24, 45, None, 80]
MONTHS = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
)
MONTHS = MONTHS.split()


def marked(description):
    """A description that says it belongs to the sample."""
    return f"{MARKER}. {description}".strip()


def sample_slug(*parts, limit=90):
    return (PREFIX + slugify(" ".join(str(part) for part in parts)))[:limit].rstrip("-")


def _holds(instance, name, value):
    # A related row is compared by its key: reading the attribute would fetch the row.
    if isinstance(value, models.Model):
        return getattr(instance, instance._meta.get_field(name).attname) == value.pk
    return getattr(instance, name) == value


class Rows:
    """Writes rows as an editor's save would, skipping those already as wanted."""

    def __init__(self):
        self.created = set()
        self.kept = set()
        self.pending = {}

    def prune(self, queryset):
        """Delete the sample's rows of ``queryset`` this run did not make (an older sample's)."""
        model = queryset.model
        stale = [pk for pk in queryset.values_list("pk", flat=True) if (model, pk) not in self.kept]
        if stale:
            model.objects.filter(pk__in=stale).delete()

    def put(self, model, existing, key, values):
        """Create or update one row from ``values``; saves only when something differs."""
        instance = existing.get(key)
        if instance is not None and all(_holds(instance, f, v) for f, v in values.items()):
            self.kept.add((model, instance.pk))
            return instance
        if instance is None:
            instance = model(**values)
        else:
            for name, value in values.items():
                setattr(instance, name, value)
        # The editors' checks (clean(), field formats, choices); uniqueness and constraints
        # are the database's to enforce on save, and the related rows were just read:
        # checking them once more would be most of the time the sample takes.
        related = [f.name for f in model._meta.concrete_fields if f.is_relation]
        instance.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
        created = instance.pk is None
        instance.save()
        if created:
            self.created.add((model, instance.pk))
        self.kept.add((model, instance.pk))
        existing[key] = instance
        return instance

    def set_related(self, instance, name, items):
        """Set a many-to-many relation, unless its prefetched rows are already ``items``."""
        if (type(instance), instance.pk) in self.created:
            # A new row has no relations yet: its links are inserted together by flush().
            field = instance._meta.get_field(name)
            through = field.remote_field.through
            self.pending.setdefault(through, []).extend(
                through(
                    **{
                        f"{field.m2m_field_name()}_id": instance.pk,
                        f"{field.m2m_reverse_field_name()}_id": item.pk,
                    }
                )
                for item in dict.fromkeys(items)
            )
            return
        prefetched = getattr(instance, "_prefetched_objects_cache", {}).get(name)
        if prefetched is not None and {i.pk for i in prefetched} == {i.pk for i in items}:
            return
        getattr(instance, name).set(items)

    def flush(self):
        """Insert the relations of the rows created so far (their saves moved the version)."""
        for through, rows in self.pending.items():
            through.objects.bulk_create(rows)
        self.pending = {}


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ROME)


class Builder:
    """One run of the sample: the random generator and what has been made so far."""

    def __init__(self, today):
        self.today = today
        self.rng = random.Random(SEED)
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.example_link = example_link()
        self.rows = Rows()

    def build(self):
        self.build_topics()
        self.build_sections()
        self.build_workshops()
        self.build_sessions()
        self.build_speakers()
        self.build_session_speakers()
        self.build_articles()
        self.rows.flush()
        for queryset in [
            Article.objects.filter(slug__startswith=PREFIX),
            SessionSpeaker.objects.filter(session__workshop__slug__startswith=PREFIX),
            Session.objects.filter(workshop__slug__startswith=PREFIX),
            Workshop.objects.filter(slug__startswith=PREFIX),
            Speaker.objects.filter(slug__startswith=PREFIX),
            Section.objects.filter(slug__startswith=PREFIX),
            Topic.objects.filter(slug__startswith=PREFIX),
        ]:
            self.rows.prune(queryset)
        return self

    def sample_topic(self, slug):
        return self.topics.get(slug) or self.topics[PREFIX + slug]

    def build_topics(self):
        existing = {t.slug: t for t in Topic.objects.filter(slug__startswith=PREFIX)}
        for slug, name, aliases, description in text.TOPICS:
            values = {
                "slug": PREFIX + slug,
                "name": name,
                "kind": Topic.Kind.THEME,
                "aliases": aliases,
                "description": marked(description),
            }
            self.topics[PREFIX + slug] = self.rows.put(Topic, existing, PREFIX + slug, values)

    def build_sections(self):
        existing = {s.slug: s for s in Section.objects.filter(slug__startswith=PREFIX)}
        self.sections = {}
        for slug, name, kicker in text.SECTIONS:
            values = {"slug": PREFIX + slug, "name": name, "kicker": kicker}
            self.sections[slug] = self.rows.put(Section, existing, PREFIX + slug, values)

    def build_workshops(self):
        existing = {
            w.slug: w
            for w in Workshop.objects.filter(slug__startswith=PREFIX).prefetch_related("topics")
        }
        taken = set(
            Workshop.objects.exclude(slug__startswith=PREFIX).values_list("number", flat=True)
        )
        self.workshops = []
        for published, row in [(True, w) for w in text.WORKSHOPS] + [(False, text.DRAFT_WORKSHOP)]:
            number, slug, title, summary, topic_slugs, year = row
            slug = PREFIX + slug
            if slug in existing:
                number = existing[slug].number
            else:
                # The seed (or an editor) may hold the number: take the next free one.
                while number in taken:
                    number += 10
            taken.add(number)
            values = {
                "slug": slug,
                "number": number,
                "title": title,
                "summary": summary,
                "description": marked(
                    "Un laboratorio inventato per mostrare il portale con molti contenuti: "
                    "giornate, relatori e resoconti sono di fantasia."
                ),
                "is_published": published,
            }
            workshop = self.rows.put(Workshop, existing, slug, values)
            self.rows.set_related(workshop, "topics", [self.sample_topic(t) for t in topic_slugs])
            self.workshops.append((workshop, year, topic_slugs))

    def _session_plan(self, index, year, count):
        """(date, start, end, end_date, cancelled) for each session of one workshop."""
        rng = self.rng
        plan = []
        if year:
            day = dt.date(year, 2 + index % 3, 5 + index)
            for number in range(1, count + 1):
                day += dt.timedelta(days=rng.choice([14, 21, 28, 35]))
                while day.weekday() >= 5:
                    day += dt.timedelta(days=1)
                start, end = rng.choice(
                    [(dt.time(9, 30), dt.time(13)), (dt.time(14), dt.time(17, 30)), (None, None)]
                    + [(dt.time(10), dt.time(12, 30))] * 3
                )
                end_date = day + dt.timedelta(days=1) if number == 3 and index == 4 else None
                if end_date and start is None:
                    start, end = dt.time(9, 30), dt.time(13)
                plan.append((day, start, end, end_date, index == 2 and number == 4))
        else:
            for number, offset in enumerate(FUTURE_PLAN[:count], start=1):
                day = self.today + dt.timedelta(days=offset) if offset is not None else None
                while day and day.weekday() >= 5:
                    day += dt.timedelta(days=1)
                start, end = (dt.time(10), dt.time(13)) if day and number != count else (None, None)
                plan.append((day, start, end, None, number == 3))
        return plan

    def build_sessions(self):
        existing = {
            (s.workshop_id, s.number): s
            for s in Session.objects.filter(workshop__slug__startswith=PREFIX).prefetch_related(
                "topics"
            )
        }
        self.sessions = []
        for index, (workshop, year, topic_slugs) in enumerate(self.workshops):
            slugs = set()
            planned = []
            # Each title at most once in a workshop.
            titles = iter(self.rng.sample(text.SESSION_TITLES, len(text.SESSION_TITLES)))
            count = 6 if index in (6, 7) else (2 if not workshop.is_published else 5)
            for number, (day, start, end, end_date, cancelled) in enumerate(
                self._session_plan(index, year, count), start=1
            ):
                title = next(titles)
                online = (year in (2020, 2021)) or (not year and number % 2 == 0)
                in_person = not online or number % 3 == 0
                venue, address = self.rng.choice(text.VENUES) if in_person else ("", "")
                slug = slugify(title)[:60].rstrip("-") or f"giornata-{number}"
                if slug in slugs:
                    slug = f"{slug}-{number}"
                slugs.add(slug)
                values = {
                    "workshop": workshop,
                    "number": number,
                    "title": title,
                    "slug": slug,
                    "date": day,
                    "start_time": start,
                    "end_time": end,
                    "end_date": end_date,
                    "venue": venue,
                    "address": address,
                    "online_url": self.example_link if online else "",
                    "description": marked(self.rng.choice(text.PARAGRAPHS)),
                    "is_cancelled": cancelled,
                    # One session of a published workshop still waits for its editor.
                    "is_published": not (index == 3 and number == 5),
                }
                picked = self.rng.sample(topic_slugs, k=min(2, len(topic_slugs)))
                planned.append((values, [self.sample_topic(t) for t in picked]))
            # An older sample may hold these numbers and slugs in another order: its
            # sessions go first, so that no save meets a slug still taken.
            wanted = {(values["number"], values["slug"]) for values, _ in planned}
            for key, session in list(existing.items()):
                if key[0] == workshop.pk and (session.number, session.slug) not in wanted:
                    session.delete()
                    del existing[key]
            for values, topics in planned:
                session = self.rows.put(Session, existing, (workshop.pk, values["number"]), values)
                self.rows.set_related(session, "topics", topics)
                self.sessions.append(session)

    def build_speakers(self):
        existing = {s.slug: s for s in Speaker.objects.filter(slug__startswith=PREFIX)}
        rng = self.rng
        names = [(first, "f") for first in text.FIRST_NAMES_F] + [
            (first, "m") for first in text.FIRST_NAMES_M
        ]
        people = sorted(
            {(first, gender, last) for first, gender in names for last in text.LAST_NAMES}
        )
        self.speakers = []
        honorifics = {
            "f": ["dott.ssa", "dott.ssa", "prof.ssa", "avv.ta", ""],
            "m": ["dott.", "dott.", "prof.", "ing.", ""],
        }
        for index, (first, gender, last) in enumerate(rng.sample(people, SPEAKERS)):
            slug = sample_slug(first, last)
            values = {
                "slug": slug,
                "honorific": rng.choice(honorifics[gender]),
                "first_name": first,
                "last_name": last,
                "role": rng.choice(text.ROLES[gender]),
                "organisation": rng.choice(text.ORGANISATIONS + [""]),
                "bio": marked("Persona inventata. " + rng.choice(text.BIOS)),
                # Two people have asked not to appear: their pages stay withdrawn.
                "is_published": index not in (7, 41),
            }
            speaker = self.rows.put(Speaker, existing, slug, values)
            if index % 3 == 0 and not speaker.photo:
                speaker.photo.save("ritratto.jpg", ContentFile(portrait(first, last, index)))
            self.speakers.append(speaker)

    def build_session_speakers(self):
        existing = {
            (ss.session_id, ss.speaker_id): ss
            for ss in SessionSpeaker.objects.filter(session__workshop__slug__startswith=PREFIX)
        }
        rng = self.rng
        roles = list(SessionSpeaker.Role)
        wanted = {session.pk: [] for session in self.sessions}
        # Every speaker speaks at least once; then each session gets two to four people.
        for index, speaker in enumerate(self.speakers):
            wanted[self.sessions[index % len(self.sessions)].pk].append(speaker)
        for session in self.sessions:
            while len(wanted[session.pk]) < rng.choice([2, 3, 4]):
                speaker = rng.choice(self.speakers)
                if speaker not in wanted[session.pk]:
                    wanted[session.pk].append(speaker)
        talks = [title for title in text.SESSION_TITLES if title] + [""] * 6
        for session in self.sessions:
            for order, speaker in enumerate(wanted[session.pk]):
                values = {
                    "session": session,
                    "speaker": speaker,
                    "order": order,
                    "role": roles[0] if order else rng.choice(roles),
                    "talk_title": rng.choice(talks),
                }
                self.rows.put(SessionSpeaker, existing, (session.pk, speaker.pk), values)

    def _body(self):
        rng = self.rng
        size = rng.choice([1, 2, 4, 6, 9, 14, 24])
        parts = []
        # No paragraph twice until every one has been used.
        paragraphs = []
        while len(paragraphs) < size:
            paragraphs += rng.sample(text.PARAGRAPHS, len(text.PARAGRAPHS))
        for index in range(size):
            if index and index % 4 == 0:
                parts.append(f"<h2>{rng.choice(text.HEADINGS)}</h2>")
            parts.append(f"<p>{paragraphs[index]}</p>")
            if index == 2 and size > 5:
                items = "".join(f"<li><p>{i}</p></li>" for i in rng.sample(text.LIST_ITEMS, 4))
                parts.append(f"<ul>{items}</ul>")
            if index == 5:
                parts.append(f"<blockquote><p>{rng.choice(text.QUOTES)}</p></blockquote>")
            if index == 8 and size > 12:
                parts.append(participants_table(rng))
        return Article._meta.get_field("body").sanitize("".join(parts))

    def _article_plan(self):
        """(section, title, published_at, session, workshop, speaker) for every article."""
        rng = self.rng
        plan = []
        sessions_with_days = [s for s in self.sessions if s.date and s.workshop.is_published]
        past = [s for s in sessions_with_days if s.date < self.today and not s.is_cancelled]
        per_year = {year: [] for year in ARTICLE_YEARS}
        for session in past:
            published = _at(session.date + dt.timedelta(days=rng.randint(3, 12)), 12)
            title = rng.choice(text.ARTICLE_TITLES["resoconto"])
            name = session.display_title
            if title.startswith("Resoconto:") and name[1:2].islower():
                # After a colon Italian goes on in lower case: «Resoconto: le voci…».
                name = name[0].lower() + name[1:]
            # An editor shortens what does not fit the field.
            title = Truncator(title.format(session=name)).chars(255)
            entry = ("resoconto", title, published, session, session.workshop, None)
            per_year.setdefault(published.year, []).append(entry)
        others = [
            (section, title)
            for section in ("notizia", "approfondimento", "intervista")
            for title in text.ARTICLE_TITLES[section]
        ]
        for year in ARTICLE_YEARS:
            while len(per_year[year]) < ARTICLES_PER_YEAR:
                section, title = rng.choice(others)
                speaker = rng.choice([s for s in self.speakers if s.is_published])
                day = dt.date(year, 1, 10) + dt.timedelta(days=rng.randint(0, 340))
                # The slides of the month before the news.
                month = MONTHS[(day.month - 2) % 12]
                title = title.format(speaker=speaker.display_name, month=month)
                # A news item is about a workshop of its year or of the year before.
                running = [w for w, first, _ in self.workshops[:8] if year - 1 <= first <= year]
                workshop = rng.choice(running) if running else None
                entry = (section, title, _at(day, rng.choice([9, 11, 16])), None, workshop, None)
                if section == "intervista":
                    entry = (*entry[:5], speaker)
                per_year[year].append(entry)
        for entries in per_year.values():
            plan.extend(sorted(entries, key=lambda entry: entry[2]))
        return plan

    def build_articles(self):
        existing = {
            a.slug: a
            for a in Article.objects.filter(slug__startswith=PREFIX).prefetch_related(
                "topics", "sessions", "workshops", "speakers"
            )
        }
        rng = self.rng
        topic_pool = sorted(self.topics)
        drafts = [
            ("notizia", "Calendario dei laboratori 2027: date da confermare", None),
            ("approfondimento", "Bozza: le reti della salute mentale", None),
            ("notizia", "Nota per la redazione: verificare i nomi dei relatori", None),
            ("notizia", "Presentazione dei risultati del laboratorio in corso", "scheduled"),
        ]
        plan = self._article_plan() + [
            (section, title, None, None, None, kind) for section, title, kind in drafts
        ]
        used = set()
        self.articles = []
        for index, (section, title, published_at, session, workshop, extra) in enumerate(plan):
            slug = sample_slug(title, limit=80)
            while slug in used:
                slug = f"{slug[:76]}-{index}"
            used.add(slug)
            status = Article.Status.PUBLISHED
            if published_at is None:
                status = Article.Status.PUBLISHED if extra == "scheduled" else Article.Status.DRAFT
                published_at = (
                    _at(self.today + dt.timedelta(days=30), 9) if extra == "scheduled" else None
                )
            values = {
                "slug": slug,
                "title": title,
                "byline": rng.choice(text.BYLINES),
                "status": status,
                "published_at": published_at,
                "summary": rng.choice(text.SUMMARIES),
                "body": self._body(),
                "section": self.sections[section],
            }
            article = self.rows.put(Article, existing, slug, values)
            if index % 6 == 1 and not article.lead_image:
                article.lead_image.save("immagine.jpg", ContentFile(lead_image(index)), save=False)
                article.lead_image_alt = (
                    "Illustrazione di esempio: cerchi colorati collegati da linee, come una rete"
                )
                article.full_clean()
                article.save()
            tagged = rng.sample(topic_pool, k=rng.choice([0, 1, 2, 3]))
            self.rows.set_related(article, "topics", [self.topics[t] for t in tagged])
            self.rows.set_related(article, "sessions", [session] if session else [])
            self.rows.set_related(
                article, "workshops", [workshop] if workshop and not session else []
            )
            speaker = extra if isinstance(extra, Speaker) else None
            self.rows.set_related(article, "speakers", [speaker] if speaker else [])
            self.articles.append(article)


def participants_table(rng):
    """A table as editors paste it from a spreadsheet: wide on a phone."""
    rows = "".join(
        f"<tr><td><p>{ambito}</p></td><td><p>{rng.randint(8, 60)}</p></td>"
        f"<td><p>{rng.randint(2, 14)}</p></td><td><p>{rng.randint(1, 9)}</p></td></tr>"
        for ambito in text.AMBITI[:5]
    )
    return (
        "<table><tbody><tr><th><p>Ambito territoriale</p></th><th><p>Partecipanti</p></th>"
        "<th><p>Enti del terzo settore coinvolti</p></th><th><p>Accordi firmati</p></th></tr>"
        f"{rows}</tbody></table>"
    )


PALETTE = [(0, 102, 204), (0, 89, 112), (153, 51, 102), (64, 96, 48), (170, 85, 0), (80, 80, 140)]


def portrait(first, last, index):
    """A speaker's placeholder portrait: initials on a colour, as a JPEG."""
    image = Image.new("RGB", (400, 400), PALETTE[index % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    initials = (first[0] + last.replace("'", "")[0]).upper()
    font = ImageFont.load_default(size=150)
    draw.text((200, 200), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def lead_image(index):
    """An article's lead image: circles joined by lines, a network, as a JPEG."""
    rng = random.Random(index)
    image = Image.new("RGB", (1200, 675), PALETTE[index % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    points = [(rng.randint(80, 1120), rng.randint(80, 595)) for _ in range(9)]
    for a, b in zip(points, points[1:] + points[:2], strict=False):
        draw.line([a, b], fill=(255, 255, 255), width=6)
    for x, y in points:
        draw.ellipse([x - 36, y - 36, x + 36, y + 36], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


@transaction.atomic
def load_sample_programme(today=None):
    """Add or refresh the sample programme; the demo (its topics) must be loaded first."""
    return Builder(today or timezone.localdate()).build()


def _delete_files(queryset, field):
    for instance in queryset:
        file = getattr(instance, field)
        if file:
            file.delete(save=False)


@transaction.atomic
def remove_sample_programme():
    """Delete everything the sample added (and the files it drew); the demo stays as it is."""
    articles = Article.objects.filter(slug__startswith=PREFIX)
    _delete_files(articles, "lead_image")
    articles.delete()
    Workshop.objects.filter(slug__startswith=PREFIX).delete()
    speakers = Speaker.objects.filter(slug__startswith=PREFIX)
    _delete_files(speakers, "photo")
    speakers.delete()
    Section.objects.filter(slug__startswith=PREFIX).delete()
    Topic.objects.filter(slug__startswith=PREFIX).delete()
