"""Blocks that installed apps add to other apps' pages (the actors a report cites).

Composed here, at the project level, so that an app's templates never load another
app's template tags: a workshops page renders whatever the installed apps offer for
its object, and the same page without the ``networks`` app simply has no such block.
"""

from django import template
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def related_blocks(context, obj):
    """Every installed app's blocks about ``obj``, in the order of ``INSTALLED_APPS``."""
    request = context.get("request")
    rendered = [
        (render_to_string(template_name, block, request=request),)
        for config in apps.get_app_configs()
        if hasattr(config, "related_blocks")
        for template_name, block in config.related_blocks(obj)
    ]
    return format_html_join("", "{}", rendered)


@register.simple_tag
def related_link(obj, field_name):
    """``obj``'s ``field_name`` text, linked to the page an installed app gives it, if any.

    A speaker's organisation links to the actor's page when the ``networks`` app knows it.
    """
    text = getattr(obj, field_name)
    for config in apps.get_app_configs():
        url = config.related_url(obj, field_name) if hasattr(config, "related_url") else None
        if url:
            return format_html('<a href="{}">{}</a>', url, text)
    return text


@register.filter
def is_installed(app_label):
    """Whether the app ``app_label`` is installed: the header links only to apps that are."""
    return apps.is_installed(app_label)
