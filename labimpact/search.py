"""Site search that forgives the way people type, shared by every app.

Text and queries go through the same normaliser: lower case, no accents, every kind of
apostrophe and hyphen a word break, and each pair of neighbouring words also written
joined, so that «Lab'Impact», «Lab’Impact», «Lab Impact» and «labimpact» are one thing.
Each searchable model keeps its normalised text in a ``search_text`` column derived in
``save()`` (the same on SQLite and PostgreSQL); PostgreSQL also stems the articles' text
in Italian (the ``search_document`` column).

The results page is composed of groups that each installed app contributes through an
optional ``search_groups(query)`` method on its ``AppConfig``, in the order of
``INSTALLED_APPS``: workshops lists reports, sessions, speakers and topics without
knowing that the networks app adds actors.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

# At most this many words of a query are searched: the rest of a pasted paragraph is
# ignored rather than turned into a query the database takes long to run.
MAX_TERMS = 8
# Words joined to a neighbour only across these (not across a full stop or a comma).
_JOINERS = re.compile(r"^[\s'\-/]+$")
_WORD = re.compile(r"[^\W_]+")
# Every apostrophe-like character, the typographic one first.
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u00b4`\u2032"), "'")
# Titles people type before a name; never required to find the person.
HONORIFICS = frozenset(
    {
        "dott",
        "dottssa",
        "dottor",
        "dottore",
        "dottoressa",
        "dr",
        "dssa",
        "prof",
        "profssa",
        "professor",
        "professore",
        "professoressa",
        "ing",
        "avv",
        "sig",
        "sigra",
        "signor",
        "signora",
        "ssa",
    }
)


def fold(text):
    """``text`` in lower case, without accents, with one kind of apostrophe."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def words(text):
    """The words of ``text`` as the search sees them: «L’Università» is ``l universita``."""
    return _WORD.findall(fold(text))


def document(*parts):
    """The normalised text stored in ``search_text``: words, then joined neighbours.

    HTML is reduced to its text. Padded with spaces, so that a whole word is found
    as `` word `` by a plain ``LIKE`` on every database.
    """
    found = []
    for part in parts:
        plain = fold(html.unescape(strip_tags(part or "")))
        matches = list(_WORD.finditer(plain))
        found.extend(match.group() for match in matches)
        found.extend(
            first.group() + second.group()
            for first, second in zip(matches, matches[1:], strict=False)
            if _JOINERS.match(plain[first.end() : second.start()])
        )
    return f" {' '.join(found)} " if found else ""


@dataclass
class Query:
    """A visitor's query, as terms that each may be met by a word or a joined pair."""

    text: str
    terms: list = field(init=False)

    def __post_init__(self):
        self.terms = [w for w in words(self.text) if w not in HONORIFICS][:MAX_TERMS]

    def __bool__(self):
        return bool(self.terms)

    def alternatives(self):
        """For each term, the forms that satisfy it: the word, or it joined to a neighbour.

        «lab impact» is met by «lab»/«labimpact» and «impact»/«labimpact», so a text that
        writes «LabImpact» as one word is found too.
        """
        result = []
        for index, term in enumerate(self.terms):
            forms = [term]
            if index > 0:
                forms.append(self.terms[index - 1] + term)
            if index + 1 < len(self.terms):
                forms.append(term + self.terms[index + 1])
            result.append(forms)
        return result

    def q(self, field_name="search_text"):
        """Every term as a whole word of the normalised text (or a joined pair)."""
        condition = Q()
        for forms in self.alternatives():
            either = Q()
            for form in forms:
                either |= Q(**{f"{field_name}__contains": f" {form} "})
            condition &= either
        return condition

    def matches(self, text):
        """Whether the normalised ``text`` (from :func:`document`) meets every term."""
        return bool(self) and all(
            any(f" {form} " in text for form in forms) for forms in self.alternatives()
        )

    def marks(self, word):
        """Whether ``word`` of a shown text is one the query found (for highlighting).

        A word matches its term or a longer form of it (Italian endings: «territoriali»
        for «territoriale», as PostgreSQL's stemming finds it).
        """
        folded = fold(word)
        for term in self.terms:
            if folded == term:
                return True
            if len(term) >= 5 and folded.startswith(term[:-1]) and len(folded) <= len(term) + 3:
                return True
        return False

    def marks_pair(self, word, following):
        """Whether two neighbouring words are one joined term («Lab» «Impact», «labimpact»)."""
        return fold(word) + fold(following) in self.terms


@dataclass
class SearchGroup:
    """One kind of result: its items (at most the page's limit) and how many there are."""

    key: str
    title: str
    template: str
    items: list
    count: int
    count_label: str
    empty_text: str = ""
    order: int = 100


def search_groups(query):
    """The groups every installed app contributes for ``query``, by their ``order``."""
    groups = [
        group
        for config in apps.get_app_configs()
        if hasattr(config, "search_groups")
        for group in config.search_groups(query)
    ]
    return sorted(groups, key=lambda group: group.order)


def limited(queryset, limit):
    """The first ``limit`` rows and their total, counting only when the page is full."""
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return items, len(items)
    return items[:limit], queryset.count()


def search_text_field():
    """The column that holds a model's normalised text; derived in ``save()``, never edited."""
    return models.TextField(
        _("testo per la ricerca"),
        blank=True,
        default="",
        editable=False,
        help_text=_("Calcolato a ogni salvataggio dai campi in cui la ricerca del sito cerca."),
    )


def refresh_search_text(instance, source_fields, save_kwargs):
    """Derive ``instance.search_text`` from ``source_fields`` before a save.

    A save limited to some fields also writes the search text when one of them is a source.
    """
    instance.search_text = document(*(getattr(instance, name) for name in source_fields))
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) & set(source_fields):
        save_kwargs["update_fields"] = {*update_fields, "search_text"}
