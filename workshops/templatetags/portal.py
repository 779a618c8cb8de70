import datetime
import functools
import hashlib
import html
import json
import logging

import nh3
from crispy_forms.utils import render_crispy_form
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _
from sorl.thumbnail import get_thumbnail

from workshops import calendar, glossary
from workshops.caching import (
    cached_for_content,
    cached_many_for_content,
    fragment_id,
)
from workshops.models import Article
from workshops.site import absolute_url

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def public_url(context, path):
    """``path`` (or an absolute URL, kept) as a full URL on the site's public address."""
    return absolute_url(str(path), context.get("request"))


@register.simple_tag
def portrait(photo, px, alt):
    """A speaker's round portrait shown ``px`` CSS pixels wide, sharp on phones too.

    Phones draw 2 to 3 device pixels per CSS pixel: one 80 px image was blurred there
    (Lighthouse: "serves images with low resolution"), so the browser picks from 1x, 2x
    and 3x copies (sorl-thumbnail, made once and stored through the storage API). A photo
    that cannot be read shows nothing, as sorl's own tag does, and is logged.
    """
    try:
        copies = [get_thumbnail(photo, f"{px * n}x{px * n}", crop="center") for n in (1, 2, 3)]
    except Exception:
        logger.exception("Portrait %s could not be resized", photo)
        return ""
    srcset = ", ".join(f"{copy.url} {n}x" for n, copy in enumerate(copies, start=1))
    return format_html(
        '<img class="rounded-circle me-3" src="{}" srcset="{}" width="{}" height="{}" alt="{}">',
        copies[0].url,
        srcset,
        px,
        px,
        alt,
    )


@register.simple_tag(takes_context=True)
def content_key(context, with_query=False, form=None):
    """What a page fragment cached with Django's ``{% cache %}`` must vary on, and how long
    it may live: ``{% content_key as key %}{% cache key.seconds "name" key.id %}``.

    The fragment then hangs on the content version like every cached surface (any change of
    published content makes a new key), on the language, and on the host its absolute links
    were made for. While the cache does not answer there is no version: nothing is kept.
    Only for fragments that show published content alike to everyone (no form errors,
    nothing about the visitor); on a draft's preview, or a page that lists drafts to an
    editor, nothing is kept or reused.

    ``with_query=True`` varies it on the whole query string too (hashed): a list's body,
    whose filters, page and pagination links all come from it. With ``form`` (the list's
    filter form, or its filter set, whose form is then built only for a query string), a
    query the form refuses keeps nothing: bad input is rendered each time and never fills
    the cache.
    """
    if form is not None and form.is_bound and _refused(form):
        return {"id": "invalid", "seconds": 0}
    if context.get("is_preview") or context.get("shows_drafts"):
        # A draft is never kept, and never served from what was kept for the public.
        return {"id": "preview", "seconds": 0}
    key, seconds = fragment_id(context.get("request"), with_query=with_query)
    return {"id": key, "seconds": seconds}


def _refused(form):
    # A list's filter set (its form built only now, for a query string to check) or a form.
    return getattr(form, "form", form).errors


def _card_name(template_name, objects):
    parts = [template_name, get_language()]
    for name, obj in sorted(objects.items()):
        changed = getattr(obj, "updated_at", None)
        parts.append(
            f"{name}={obj._meta.label_lower}:{obj.pk}:{changed.timestamp() if changed else ''}"
            f":{int(hasattr(obj, 'public_reports'))}"
        )
    return "card:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


# Where ``cards`` leaves the cards it fetched for the ``card`` tags of the same rendering.
CARDS_KEPT = "workshops.cards"


@register.simple_tag(takes_context=True)
def card(context, template_name, **objects):
    """``template_name`` rendered with ``objects`` alone (as ``{% include … only %}``), once
    per content version and language, then reused by every page that shows the same card.

    The cards were most of a list's time on a page-cache miss (a calendar page renders over
    three hundred includes). A card depends only on its object, what the object's related
    rows say (all published content: the content version covers them), the language and the
    clock (kept no longer than a page, as every ``cached_for_content`` value). Reports are
    attached to sessions by only some lists (``with_reports()``): whether they came is part
    of the key, so a card without them is never shown where they belong. A list that
    gathered its cards first (``cards``) costs no round trip here.
    """
    name = _card_name(template_name, objects)
    fetched = context.render_context.get(CARDS_KEPT, {})
    if name in fetched:
        return fetched[name]
    return cached_for_content(name, lambda: render_to_string(template_name, objects))


@register.simple_tag(takes_context=True)
def cards(context, template_name, **lists):
    """Fetch every card of a list at once: ``{% cards "…_card.html" session=object_list %}``
    before the loop of ``{% card "…_card.html" session=session %}`` tags that show them.

    One cache round trip reads all the list's cards and one stores those that were missing
    (rendered here), instead of one or two per card. Outputs nothing.
    """
    ((name, items),) = lists.items()
    by_name = {_card_name(template_name, {name: obj}): obj for obj in items}
    fetched = cached_many_for_content(
        by_name, lambda key: render_to_string(template_name, {name: by_name[key]})
    )
    context.render_context.setdefault(CARDS_KEPT, {}).update(fetched)
    return ""


@register.simple_tag
def filter_form(form):
    """A list page's filter form, rendered by crispy once per content version, language and
    choice of filters, then reused by every page that shows the same form.

    Rendering it was 40% of the report list's time on a cache miss (crispy renders each
    field through several templates). What it shows depends only on the values chosen
    (the GET parameters of its own fields, not ``page``), the choices offered (published
    content: the content version) and the language. A form with errors is not kept.
    """
    if form.is_bound and form.errors:
        return render_crispy_form(form)
    chosen = []
    if form.is_bound:
        read = getattr(form.data, "getlist", lambda key: [form.data.get(key)])
        chosen = [(name, read(form.add_prefix(name))) for name in form.fields]
    digest = hashlib.sha256(
        json.dumps([form.prefix, chosen], ensure_ascii=False).encode()
    ).hexdigest()[:32]
    name = (
        f"filter-form:{type(form).__module__}.{type(form).__qualname__}:{get_language()}:{digest}"
    )
    return cached_for_content(name, lambda: render_crispy_form(form))


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language of the site, for the switcher and the hreflang links.

    Each entry has ``code``, ``name`` (in its own language), ``url`` (the query string kept),
    ``absolute_url``, ``is_current`` and ``is_default``; a path no pattern knows (a 404 page)
    points to each language's home. Worked out once per request (the head and the header
    both show it), from the URL pattern the request was resolved to.
    """
    request = context.get("request")
    current = get_language()
    kept = getattr(request, "_language_versions", None)
    if kept is not None and kept[0] == current:
        return kept[1]
    versions = [
        {
            "code": code,
            "name": capfirst(get_language_info(code)["name_local"]),
            "url": url,
            "absolute_url": absolute_url(url, request),
            "is_current": code == current,
            "is_default": code == settings.LANGUAGE_CODE,
        }
        for code, url in _translated_urls(request)
    ]
    if request is not None:
        request._language_versions = (current, versions)
    return versions


# Written here, not as loops in base.html and the header: rendering those two loops of a
# few nodes each, on every page, was about a twelfth of a kept page's time.
@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """The head's links to this page in every language, and to the default's as x-default."""
    links = []
    for version in language_versions(context):
        href = _escaped(version["absolute_url"])
        links.append(
            f'\n  <link rel="alternate" hreflang="{_escaped(version["code"])}" href="{href}">'
        )
        if version["is_default"]:
            links.append(f'\n  <link rel="alternate" hreflang="x-default" href="{href}">')
    return mark_safe("".join(links))


@register.simple_tag(takes_context=True)
def language_switcher_items(context):
    """The header's language switcher: one item per language, the current one marked."""
    items = []
    for version in language_versions(context):
        code = _escaped(version["code"])
        marks = (' active"', ' aria-current="true"') if version["is_current"] else ('"', "")
        items.append(
            '\n                  <li class="list-inline-item"><a class="language-link'
            f'{marks[0]} href="{_escaped(version["url"])}" lang="{code}" hreflang="{code}"'
            f"{marks[1]}>{_escaped(version['name'])}</a></li>"
        )
    return mark_safe("".join(items))


def _escaped(value):
    """``value`` escaped for HTML as ``format_html`` escapes its arguments, without its
    machinery: the chrome's tags write some twenty values on every page."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


# Written here, not as an included template: the include, its dozen nodes and its
# translations were about a twelfth of a list page's time when the page cache did not answer.
@register.simple_tag(takes_context=True)
def social_meta(context, title="", description="", type="website", image="", image_alt=""):
    """Link previews (Open Graph, Twitter cards) of the page: its title, description, type
    and image path; without an image the programme's card stands in, without a title or a
    description the site's."""
    request = context.get("request")
    english = get_language() == "en"
    tags = [
        ("og:site_name", "Lab'Impact"),
        ("og:locale", "en_GB" if english else "it_IT"),
        ("og:locale:alternate", "it_IT" if english else "en_GB"),
        ("og:type", type or "website"),
        ("og:title", title or _("Lab'Impact – Laboratori FAMI")),
        (
            "og:description",
            truncatewords(description, 40)
            if description
            else _(
                "Il portale dei laboratori Lab'Impact: reti locali, coprogrammazione, "
                "coprogettazione e inclusione dei cittadini di Paesi terzi in Lombardia."
            ),
        ),
        # Rendered without a request (render_to_string), as the included template was: the site.
        ("og:url", absolute_url(getattr(request, "path", ""), request)),
    ]
    if image:
        tags.append(("og:image", absolute_url(str(image), request)))
        if image_alt:
            tags.append(("og:image:alt", image_alt))
    else:
        tags += [
            ("og:image", absolute_url(_card_path(), request)),
            ("og:image:type", "image/png"),
            ("og:image:width", "1200"),
            ("og:image:height", "630"),
            (
                "og:image:alt",
                _(
                    "Lab'Impact, i laboratori per le reti territoriali della Lombardia, "
                    "cofinanziati dall'Unione europea"
                ),
            ),
        ]
    metas = "".join(
        f'\n<meta property="{name}" content="{_escaped(value)}">' for name, value in tags
    )
    return mark_safe(f'{metas}\n<meta name="twitter:card" content="summary_large_image">')


@functools.cache
def _card_path():
    # The static files' manifest is read once per process: the path changes with a deploy.
    return static("img/og-card.png")


def _translated_urls(request):
    """(language, this page's URL in it) for every language of the site, as ``translate_url``
    makes them, without resolving the path again."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info if request else "/")
        except Resolver404:
            match = None
    query = request.META.get("QUERY_STRING", "") if request else ""
    query = f"?{iri_to_uri(query)}" if query else ""
    if match is None:
        urls = _urls_in_languages("workshops:home", (), (), get_script_prefix())
    else:
        arguments = (
            match.view_name,
            tuple(match.args),
            tuple(sorted(match.kwargs.items())),
            get_script_prefix(),
        )
        try:
            urls = _urls_in_languages(*arguments)
        except TypeError:
            # A view given objects by its URL pattern (the sitemap's classes): not kept.
            urls = _urls_in_languages.__wrapped__(*arguments)
    # A page with no version in a language keeps its own URL there.
    own = escape_uri_path(request.path) if request else "/"
    return [(code, (url if url is not None else own) + query) for code, url in urls]


@functools.lru_cache(maxsize=4096)
def _urls_in_languages(view_name, args, kwargs, script_prefix):
    """The URL of a view with these arguments in every language (None where it has none).

    Kept in the process's memory, like ``{% memo %}`` (chrome.py): it depends on the URL
    patterns alone; activating each language in turn to reverse it was a tenth of a kept
    page's time. Bounded, as every object's page has its own entry.
    """
    urls = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                urls.append((code, reverse(view_name, args=args, kwargs=dict(kwargs))))
            except NoReverseMatch:
                urls.append((code, None))
    return tuple(urls)


@receiver(setting_changed, dispatch_uid="workshops.portal.forget_urls")
def _forget_urls(**kwargs):
    # A changed setting (tests override URLs and languages) may change them.
    _urls_in_languages.cache_clear()
    _card_path.cache_clear()


@register.filter
def body_html(article):
    """The article body, sanitised once more on the way out in case a write skipped save(),
    with the glossary's acronyms explained at their first occurrence (workshops/glossary.py)."""
    sanitise = Article._meta.get_field("body").sanitize
    return mark_safe(glossary.marked_body(article, sanitise))  # noqa: S308


@register.filter
def clean_html(html):
    """Editor-written HTML (the accessibility and privacy pages) without scripts or handlers."""
    return mark_safe(nh3.clean(str(html or "")))  # noqa: S308


@register.simple_tag
def page_url(request, number):
    """A link to page ``number`` that keeps the other query parameters (filters, search)."""
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


def _italian_date(value, pattern):
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = format_date(value, pattern)
    # Italian writes month and day names in lower case: «18 dicembre 2020».
    return text.lower() if (get_language() or "it").startswith("it") else text


@register.filter
def long_date(value):
    """«18 dicembre 2020»."""
    return _italian_date(value, "j F Y")


@register.filter
def long_day(value):
    """«giovedì 10 dicembre 2020»."""
    return _italian_date(value, "l j F Y")


@register.filter
def time_of_day(value):
    """«10:00», in Italian time."""
    return _italian_date(value, "H:i")


@register.filter
def month_year(value):
    """«dicembre 2020»."""
    return _italian_date(value, "F Y")


# What json_script escapes, so that no text can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Structured data (schema.org) as a ``<script type="application/ld+json">`` element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )


def _calendar_urls(request, ics_path):
    ics_url = absolute_url(ics_path, request)
    return {"ics_url": ics_url, "webcal_url": calendar.webcal_url(ics_url)}


@register.inclusion_tag("workshops/includes/_calendar_links.html", takes_context=True)
def subscribe_box(context, ics_path, heading=None):
    """Subscribe to, or download, the calendar at ``ics_path`` (filters included)."""
    return {
        **_calendar_urls(context["request"], ics_path),
        "heading": heading or _("Il calendario nel tuo calendario"),
    }


@register.inclusion_tag("workshops/includes/_calendar_links.html", takes_context=True)
def add_to_calendar(context, session):
    """One session to download or add to Google or Outlook, and the whole calendar to follow."""
    request = context["request"]
    page_url = absolute_url(session.get_absolute_url(), request)
    links = {
        **_calendar_urls(request, reverse("workshops:calendar_ics")),
        "heading": _("Aggiungi al tuo calendario"),
        "event_ics_url": reverse(
            "workshops:session_ics",
            kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
        ),
        "is_cancelled": session.is_cancelled,
    }
    if not session.is_cancelled:
        links["google_url"] = calendar.google_calendar_url(session, page_url=page_url)
        links["outlook_url"] = calendar.outlook_calendar_url(session, page_url=page_url)
    return links


@register.inclusion_tag("includes/_follow.html", takes_context=True)
def follow_box(context, feed, ics, slug=None, intro=None):
    """The "Segui" block: the reports' RSS and Atom feeds named ``feed`` (``feed_atom``),
    the calendar ``ics`` to subscribe to, both of one topic or workshop when ``slug`` is
    given, and the steps for subscribing in the usual calendar apps."""
    kwargs = {"slug": slug} if slug else {}
    ics_path = reverse(f"workshops:{ics}", kwargs=kwargs)
    return {
        "id": "follow-title",
        "intro": intro
        or _("I nuovi resoconti nel tuo lettore di notizie, le giornate nel tuo calendario."),
        "feed_url": reverse(f"workshops:{feed}", kwargs=kwargs),
        "atom_url": reverse(f"workshops:{feed}_atom", kwargs=kwargs),
        **_calendar_urls(context["request"], ics_path),
        "help_url": reverse("workshops:calendar_help"),
    }
