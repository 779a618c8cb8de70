"""Search results: the words a query found, marked with ``<mark>`` in escaped text."""

import html

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from labimpact.search import _JOINERS, _WORD, Query, fold

register = template.Library()

EXCERPT_LENGTH = 240


def _plain(text):
    return " ".join(html.unescape(strip_tags(str(text or ""))).split())


def _marked(text, query):
    """The indexes (start, end) of the words of ``text`` that ``query`` found."""
    found = list(_WORD.finditer(text))
    spans = set()
    for index, match in enumerate(found):
        if query.marks(match.group()):
            spans.add(match.span())
        if index + 1 < len(found):
            following = found[index + 1]
            if _JOINERS.match(fold(text[match.end() : following.start()])) and query.marks_pair(
                match.group(), following.group()
            ):
                spans.update({match.span(), following.span()})
    return sorted(spans)


def _render(text, spans):
    parts, position = [], 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


@register.filter
def highlight(text, query):
    """Plain ``text`` escaped, with the words ``query`` found marked."""
    text = " ".join(str(text or "").split())
    if not isinstance(query, Query):
        query = Query(str(query or ""))
    return _render(text, _marked(text, query) if query else [])


@register.filter
def excerpt(text, query):
    """About 240 characters of ``text`` (HTML reduced to text) around the first word found."""
    text = _plain(text)
    if not isinstance(query, Query):
        query = Query(str(query or ""))
    spans = _marked(text, query) if query else []
    start = 0
    if spans and spans[0][0] > EXCERPT_LENGTH // 3:
        start = text.rfind(" ", 0, spans[0][0] - EXCERPT_LENGTH // 3) + 1
    end = min(len(text), start + EXCERPT_LENGTH)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + EXCERPT_LENGTH // 2)
    window = text[start:end]
    shown = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + _render(window, shown) + suffix)
