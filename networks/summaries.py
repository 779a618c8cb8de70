"""One Italian sentence per actor that says what its links are, for lists and screen readers."""

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networks.models import Link

NAMES_SHOWN = 3


def _names(labels):
    labels = sorted(set(labels))
    if len(labels) > NAMES_SHOWN:
        shown = ", ".join(labels[:NAMES_SHOWN])
        return _("%(names)s e altri %(count)d") % {
            "names": shown,
            "count": len(labels) - NAMES_SHOWN,
        }
    return get_text_list(labels, _("e"))


def _phrase(kind, direction, others):
    """The words for ``others`` (labels of the other ends) linked to the actor by ``kind``."""
    n = len(others)
    if kind == Link.Kind.PARTNERSHIP:
        return ngettext("%(n)d partner", "%(n)d partner", n) % {"n": n}
    if kind == Link.Kind.FUNDING:
        if direction == "in":
            return ngettext("%(n)d finanziatore", "%(n)d finanziatori", n) % {"n": n}
        if direction == "out":
            return ngettext("finanzia %(n)d soggetto", "finanzia %(n)d soggetti", n) % {"n": n}
        return ngettext("%(n)d legame di finanziamento", "%(n)d legami di finanziamento", n) % {
            "n": n
        }
    if kind == Link.Kind.CODESIGN:
        return ngettext(
            "%(n)d accordo di coprogettazione", "%(n)d accordi di coprogettazione", n
        ) % {"n": n}
    if kind == Link.Kind.REFERRAL:
        if direction == "out":
            return ngettext("%(n)d invio verso %(names)s", "%(n)d invii verso %(names)s", n) % {
                "n": n,
                "names": _names(others),
            }
        if direction == "in":
            return ngettext("%(n)d invio da %(names)s", "%(n)d invii da %(names)s", n) % {
                "n": n,
                "names": _names(others),
            }
        return ngettext("%(n)d legame di invio", "%(n)d legami di invio", n) % {"n": n}
    if kind == Link.Kind.MEMBERSHIP:
        if direction == "out":
            return ngettext("aderisce a %(names)s", "aderisce a %(names)s", n) % {
                "names": _names(others)
            }
        if direction == "in":
            return ngettext("%(n)d aderente", "%(n)d aderenti", n) % {"n": n}
        return ngettext("%(n)d adesione", "%(n)d adesioni", n) % {"n": n}
    if kind == Link.Kind.ENCOUNTER:
        return ngettext(
            "%(n)d attore incontrato ai laboratori", "%(n)d attori incontrati ai laboratori", n
        ) % {"n": n}
    return ngettext("%(n)d altro legame", "%(n)d altri legami", n) % {"n": n}


def describe_links(node_id, links, labels):
    """«3 partner, 2 finanziatori e 1 invio verso Comune di Milano.» for the node ``node_id``.

    ``links`` are the graph's link dictionaries touching the node; ``labels``
    maps node ids to the names the public may see.
    """
    groups = {}
    for link in links:
        outgoing = link["source"] == node_id
        other = link["target"] if outgoing else link["source"]
        direction = ("out" if outgoing else "in") if link["directed"] else "both"
        groups.setdefault((link["kind"], direction), []).append(labels.get(other, "?"))
    if not groups:
        return _("Nessun legame documentato.")
    order = {kind: index for index, kind in enumerate(Link.Kind.values)}
    phrases = [
        _phrase(kind, direction, others)
        for (kind, direction), others in sorted(
            groups.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    ]
    sentence = get_text_list(phrases, _("e"))
    return sentence[0].upper() + sentence[1:] + "."


def _grouped(number):
    """«13.366» in Italian, «13,366» in English."""
    return number_format(number, force_grouping=True)


def describe_density(density, actors):
    """The whole network's density in words: «Qui sono legate circa 4 coppie su 100.»."""
    if actors < 2:
        return _("Con meno di due attori non ci sono coppie da collegare: la densità è 0.")
    pairs = actors * (actors - 1) // 2
    sentence = ngettext(
        "Tra %(actors)s attori c'è %(pairs)s coppia possibile.",
        "Tra %(actors)s attori le coppie possibili sono %(pairs)s.",
        pairs,
    ) % {"actors": _grouped(actors), "pairs": _grouped(pairs)}
    percent = round(density * 100)
    if density == 0:
        share = _("Nessuna è legata direttamente.")
    elif percent < 1:
        share = _("Ne è legata direttamente meno di una su 100.")
    else:
        share = ngettext(
            "Ne è legata direttamente circa %(n)d su 100.",
            "Ne sono legate direttamente circa %(n)d su 100.",
            percent,
        ) % {"n": percent}
    return f"{sentence} {share}"
