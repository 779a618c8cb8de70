from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from workshops.models import Article

register = template.Library()


@register.filter
def in_section(path, url):
    """True when ``path`` is ``url`` or below it, to mark the current menu entry."""
    return bool(url) and url != "/" and str(path).startswith(url)


@register.filter
def body_html(article):
    """The article body, sanitised once more on the way out in case a write skipped save()."""
    return mark_safe(Article._meta.get_field("body").sanitize(article.body or ""))  # noqa: S308


@register.simple_tag
def page_url(request, number):
    """A link to page ``number`` that keeps the other query parameters (filters, search)."""
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


def _italian_date(value, pattern):
    if not value:
        return ""
    if timezone.is_aware(value):
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
