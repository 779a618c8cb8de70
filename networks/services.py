"""Writes that change what the public sees of the network (see ``workshops.services``)."""

from django.utils.translation import gettext

from workshops.services import publish, record_change, withdraw


def actor_publish(*, actor, user=None):
    """Publish ``actor``: its page, its place on the map and in the exports."""
    return publish(actor, user=user)


def actor_withdraw(*, actor, user=None):
    """Withdraw ``actor`` from every public surface: page, map, graph and exports."""
    return withdraw(actor, user=user)


def network_publish(*, network, user=None):
    """Publish ``network``."""
    return publish(network, user=user)


def network_withdraw(*, network, user=None):
    """Withdraw ``network`` from the site."""
    return withdraw(network, user=user)


def link_save(*, link, user=None):
    """Validate and save ``link`` as one revision: a new link must name its source."""
    comment = gettext("Legame aggiunto") if link._state.adding else gettext("Legame modificato")
    return record_change(link, user=user, comment=comment)


def link_document(*, link, user=None, article=None, session=None, document_url=""):
    """Give ``link`` its source (an article, a session or a document address), keeping others.

    Used by the admin's bulk action on links «da documentare»: what is given is added,
    what the link already names stays.
    """
    changes = {}
    if article is not None:
        changes["documented_by_article"] = article
    if session is not None:
        changes["documented_by_session"] = session
    if document_url:
        changes["document_url"] = document_url
    return record_change(link, user=user, comment=gettext("Fonte del legame indicata"), **changes)
