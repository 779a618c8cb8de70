"""Writes that change what the public sees of the network (see ``workshops.services``)."""

import itertools

from django.db import transaction
from django.utils.translation import gettext

from networks.models import Actor, Encounter
from workshops.models import Registration, Session
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


def encounters_rebuild(*, session_id):
    """Record which actors' people met at a session, from the attendance marked at the door.

    Two actors met when each had at least one confirmed registration checked in; a pair is
    stored once, its sessions being the documentation. Private persons are left out:
    their presence at a dated session would say where someone was. A session with no
    registration left keeps what was recorded (its registrations were erased after
    ``REGISTRATION_RETENTION_MONTHS``; the encounters name no one). Rows change through
    ``save()``/``delete()`` and the sessions relation, so the content version moves and
    the built files follow. Returns the number of pairs recorded for the session.
    """
    with transaction.atomic():
        # The session's lock: two rebuilds of one session must not interleave.
        found = Session.objects.select_for_update().filter(pk=session_id).first()
        if found is None:
            return 0
        registrations = Registration.objects.filter(session_id=session_id)
        if not registrations.exists():
            return found.encounters.count()
        present = (
            registrations.confirmed()
            .filter(checked_in_at__isnull=False, actor_id__isnull=False)
            .values_list("actor_id", flat=True)
        )
        actors = sorted(
            Actor.objects.filter(pk__in=set(present))
            .exclude(kind=Actor.Kind.PERSON)
            .values_list("pk", flat=True)
        )
        wanted = set(itertools.combinations(actors, 2))
        recorded = {(e.actor_a_id, e.actor_b_id): e for e in found.encounters.all()}
        stale = [encounter for pair, encounter in recorded.items() if pair not in wanted]
        if stale:
            found.encounters.remove(*stale)
            for encounter in Encounter.objects.filter(pk__in=[e.pk for e in stale]):
                if encounter.sessions.exists():
                    encounter.save(update_fields=["updated_at"])
                else:
                    encounter.delete()
        added = []
        for a, b in sorted(wanted - recorded.keys()):
            encounter, created = Encounter.objects.get_or_create(actor_a_id=a, actor_b_id=b)
            if not created:
                # A pair met before gains a session: its time of change moves (the API's
                # ``updated_since``).
                encounter.save(update_fields=["updated_at"])
            added.append(encounter)
        if added:
            found.encounters.add(*added)
    return len(wanted)
