"""The parts of every page that depend on the code alone: the head's links, the header, the footer.

They were most of a near-static page's time (forty reversed URLs, a dozen static-file
lookups, sixty translations and two hundred template nodes in each request), and are the
same for every visitor, every page of one section and every version of the content. They
are rendered once per process and kept in its memory: nothing in them changes until the
code does (a deploy starts new processes), so no cache round trip and no invalidation.
"""

from django import template
from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Keys are few (a handful of fragments × languages × menu states); the bound only guards
# against a template that varies a fragment on something unbounded by mistake.
MEMO_LIMIT = 256
_memo = {}

# The main menu: (URL name, label, app that must be installed).
MAIN_NAV = [
    ("workshops:workshop_list", _("Laboratori"), "workshops"),
    ("workshops:session_list", _("Calendario"), "workshops"),
    ("workshops:article_list", _("Resoconti"), "workshops"),
    ("workshops:speaker_list", _("Relatori"), "workshops"),
    ("workshops:topic_list", _("Argomenti"), "workshops"),
    ("networks:overview", _("Rete"), "networks"),
]


@receiver(setting_changed, dispatch_uid="workshops.chrome.forget")
def forget(**kwargs):
    """Drop every kept fragment: a changed setting (tests override URLs, static storage,
    languages, installed apps) may change them."""
    _memo.clear()


class MemoNode(template.Node):
    # Not searched for blocks: a page that extends base.html walks its nodes in every
    # request, and the kept header and footer were most of them. No block can be kept.
    child_nodelists = ()

    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        if settings.DEBUG:
            # Templates and translations change under a development server.
            return self.nodelist.render(context)
        key = (
            self.origin.name,
            self.name,
            get_language(),
            get_script_prefix(),
            *(value.resolve(context) for value in self.vary),
        )
        html = _memo.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_memo) >= MEMO_LIMIT:
                _memo.clear()
            _memo[key] = html
        return html


@register.tag
def memo(parser, token):
    """``{% memo "name" value… %}…{% endmemo %}``: the block rendered once per process,
    language, script prefix and values given, then reused.

    Only for what depends on the code (templates, translations, URL patterns, the static
    files' manifest) and on the values given: never content, the visitor, the host, a
    CSRF token or a CSP nonce.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("memo needs a name")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("a {% block %} cannot be inside a {% memo %}")
    return MemoNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])


def _menu():
    key = ("main-nav", get_language(), get_script_prefix())
    entries = _memo.get(key)
    if entries is None:
        entries = [
            (reverse(name), label) for name, label, app in MAIN_NAV if apps.is_installed(app)
        ]
        _memo[key] = entries
    return entries


@register.simple_tag
def main_nav(path):
    """The main menu's entries (``url``, ``label``, ``active``, ``current``) for ``path``,
    and ``state``: what the menu's markup depends on, to key its ``{% memo %}`` with.

    An entry is active on its page and below it, and current on its own page.
    """
    items = [
        {
            "url": url,
            "label": label,
            "active": url != "/" and path.startswith(url),
            "current": path == url,
        }
        for url, label in _menu()
    ]
    return {
        "items": items,
        "state": tuple((item["active"], item["current"]) for item in items),
    }
