"""Every public URL of the project, read from the URL configuration.

A page added tomorrow is walked by the leak and fuzz tests the day it is added; a page
with a URL argument these helpers cannot fill makes them fail, asking for a candidate.
The public pages sit in ``i18n_patterns``, whose prefix depends on the active language:
the walk reads the configuration once per language, so ``/en/…`` is walked too.
"""

from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import QueryDict
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.functional import cached_property

SKIPPED_PREFIXES = ("admin/", "media/", "static/", "__debug__/")
PROJECT_APPS = {"workshops", "networks"}


def public_patterns():
    """(route, pattern, argument names) for every URL outside the admin."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                walk(entry.url_patterns, route, ns)
            elif isinstance(entry, URLPattern):
                converters = getattr(entry.pattern, "converters", {})
                names = sorted(converters) if converters else sorted(entry.pattern.regex.groupindex)
                found.append((route, entry, namespace, tuple(names)))

    walk(get_resolver().url_patterns, "", None)
    return found


def candidate_kwargs():
    """URL arguments drawn from every object with a slug in the project's apps, hidden ones too."""
    candidates = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        field_names = {field.name for field in model._meta.get_fields()}
        if "slug" not in field_names:
            continue
        related = [
            field
            for field in model._meta.concrete_fields
            if field.is_relation and field.many_to_one and hasattr(field.related_model, "slug")
        ]
        for obj in model._default_manager.select_related(*[f.name for f in related]):
            kwargs = {"slug": obj.slug}
            for field in related:
                target = getattr(obj, field.name)
                if target is not None:
                    kwargs[f"{field.name}_slug"] = target.slug
            candidates.append(kwargs)
    session_model = apps.get_model("workshops", "Session")
    for starts_at in session_model._default_manager.values_list("starts_at", flat=True):
        candidates.append({"year": starts_at.year, "month": starts_at.month})
    return candidates


def urls_to_visit():
    """Concrete paths for every public pattern in every language, with each fitting argument set."""
    candidates = candidate_kwargs()
    paths, missing = [], []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found, not_filled = _paths_in_active_language(candidates)
        paths += found
        missing += not_filled
    return sorted(set(paths)), sorted(set(missing))


def _paths_in_active_language(candidates):
    paths, missing = [], []
    for route, entry, namespace, names in public_patterns():
        if not names:
            paths.append(_reverse(entry, namespace, {}) or "/" + route)
            continue
        fitting = fitting_kwargs(names, candidates)
        if not fitting:
            missing.append(route)
        for kwargs in fitting:
            path = _reverse(entry, namespace, kwargs)
            if path:
                paths.append(path)
    return paths, missing


def patterns_by_language():
    """(language, route, pattern, namespace, argument names) for every public pattern.

    Patterns outside ``i18n_patterns`` (the sitemap, robots.txt, health) are listed once.
    """
    found, seen = [], set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for route, entry, namespace, names in public_patterns():
                if route not in seen:
                    seen.add(route)
                    found.append((language, route, entry, namespace, names))
    return found


def fitting_kwargs(names, candidates):
    """Each distinct set of URL arguments from ``candidates`` that fills exactly ``names``."""
    return list(
        _unique(
            {name: kwargs[name] for name in names}
            for kwargs in candidates
            if all(name in kwargs for name in names)
        )
    )


def reverse_pattern(entry, namespace, kwargs):
    """The path of ``entry`` with ``kwargs`` in the active language, or None."""
    return _reverse(entry, namespace, kwargs)


def _reverse(entry, namespace, kwargs):
    if not entry.name:
        return None
    name = f"{namespace}:{entry.name}" if namespace else entry.name
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _unique(dicts):
    seen = set()
    for item in dicts:
        key = tuple(sorted(item.items()))
        if key not in seen:
            seen.add(key)
            yield item


_query_reads = None


class _RecordingQueryDict(QueryDict):
    """``request.GET`` that notes the name of every parameter a view or template asks for."""

    def _note(self, key):
        if _query_reads is not None:
            _query_reads.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


@contextmanager
def recorded_query_reads():
    """Collect, into the set it yields, the GET parameter names read by requests made within.

    A form or filter set bound to ``request.GET`` reads each of its fields by name, so a
    request with any query string at all shows every parameter its view understands.
    """
    global _query_reads

    def recording_get(request):
        raw = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
        return _RecordingQueryDict(raw, encoding=request._encoding)

    original = WSGIRequest.__dict__["GET"]
    replacement = cached_property(recording_get)
    replacement.__set_name__(WSGIRequest, "GET")
    WSGIRequest.GET = replacement
    _query_reads = set()
    try:
        yield _query_reads
    finally:
        WSGIRequest.GET = original
        _query_reads = None
