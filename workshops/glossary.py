"""The glossary in the articles' texts: the first time an acronym appears, it is explained.

Rendering marks, never storing: the body editors wrote stays as they wrote it, and a
glossary entry added, changed or withdrawn changes every article at once (the marked
body is cached under the content version, which saving an entry bumps). An acronym is
marked ``<abbr title="…">`` at its first occurrence where a reader meets it as text: not
inside a link (the link's own text must stay what the editor wrote), a heading, code, or
an ``<abbr>`` the text already has; a later occurrence in running text is marked instead.
Acronyms match case and whole words only: «SAI» is not «sai» nor part of «SAIL».
"""

import html
import re
from html.parser import HTMLParser

from workshops.caching import cached_for_content

# Inside these the text is left as it is.
UNMARKED_ELEMENTS = frozenset({"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})


def published_acronyms():
    """{form: expansion} for every form of every published acronym, shared until content changes."""

    def compute():
        from workshops.models import Term

        found = {}
        for term in Term.objects.published().acronyms().order_by("term"):
            for form in term.forms:
                found.setdefault(form, term.expansion)
        return found

    return cached_for_content("glossary-acronyms", compute)


def acronym_pattern(forms):
    """One regular expression finding any of ``forms`` as a whole word, longest first."""
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    # Letters and digits of any alphabet are word characters: «dell'ATS» matches, «ATSx» not.
    return re.compile(rf"(?<![\w.])({alternatives})(?![\w])")


class _AbbrMarker(HTMLParser):
    """Copies an HTML fragment as it is, wrapping the first free occurrence of each acronym."""

    def __init__(self, expansions):
        super().__init__(convert_charrefs=False)
        self.expansions = expansions
        self.pattern = acronym_pattern(expansions)
        self.marked = set()
        self.depth = 0
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in UNMARKED_ELEMENTS:
            self.depth += 1
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in UNMARKED_ELEMENTS and self.depth:
            self.depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.depth or self.pattern is None:
            self.out.append(data)
            return
        self.out.append(self.pattern.sub(self._mark, data))

    def _mark(self, match):
        form = match.group(1)
        expansion = self.expansions[form]
        # SIPROIMI and SPRAR are entries of their own; CPA is a form of CPIA: each form once.
        if form in self.marked:
            return form
        self.marked.add(form)
        return f'<abbr title="{html.escape(expansion, quote=True)}">{form}</abbr>'

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def mark_acronyms(body, expansions):
    """``body`` (sanitised HTML) with the first free occurrence of each acronym explained."""
    if not body or not expansions:
        return body
    marker = _AbbrMarker(expansions)
    marker.feed(body)
    marker.close()
    return "".join(marker.out)


def marked_body(article, sanitise):
    """``sanitise(article.body)`` with its acronyms explained, cached under the content version."""

    def compute():
        return mark_acronyms(sanitise(article.body or ""), published_acronyms())

    if article.pk is None:
        return compute()
    return cached_for_content(f"article-body:{article.pk}:{article.version}", compute)
