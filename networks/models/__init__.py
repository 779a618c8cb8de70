"""The network of local actors: actors, the networks they form and the links between them."""

from .actors import Actor, ActorQuerySet, Province
from .encounters import Encounter, EncounterQuerySet
from .groups import Membership, Network, NetworkQuerySet
from .links import Link, LinkQuerySet

__all__ = [
    "Actor",
    "ActorQuerySet",
    "Encounter",
    "EncounterQuerySet",
    "Link",
    "LinkQuerySet",
    "Membership",
    "Network",
    "NetworkQuerySet",
    "Province",
]
