"""Writes that change what the public sees of the network (see ``workshops.services``)."""

from workshops.services import publish, withdraw


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
