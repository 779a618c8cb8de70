"""Writes that editors trigger from more than one place (admin actions, forms, commands).

Every change of what the public sees goes through here: validated with ``full_clean()``,
saved with ``save()`` (so the version check, ``updated_at`` and the cache signals run)
inside one transaction, and recorded with who did it as a django-reversion revision.
"""

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from workshops.models import Article


def record_change(instance, *, user=None, comment, **changes):
    """Set ``changes`` on ``instance``, validate and save it as one revision by ``user``."""
    with transaction.atomic(), reversion.create_revision():
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    return instance


def publish(instance, *, user=None):
    """Make a workshop, session or speaker (any model with ``is_published``) public."""
    return record_change(instance, user=user, comment=gettext("Pubblicato"), is_published=True)


def withdraw(instance, *, user=None):
    """Take a workshop, session or speaker (any model with ``is_published``) off the site."""
    return record_change(
        instance, user=user, comment=gettext("Ritirato dalla pubblicazione"), is_published=False
    )


def workshop_publish(*, workshop, user=None):
    """Publish ``workshop``; its published sessions become public with it."""
    return publish(workshop, user=user)


def workshop_withdraw(*, workshop, user=None):
    """Withdraw ``workshop``; its sessions leave the site with it."""
    return withdraw(workshop, user=user)


def session_publish(*, session, user=None):
    """Publish ``session`` (public once its workshop is too)."""
    return publish(session, user=user)


def session_withdraw(*, session, user=None):
    """Withdraw ``session`` from the site."""
    return withdraw(session, user=user)


def speaker_publish(*, speaker, user=None):
    """Publish ``speaker``'s page."""
    return publish(speaker, user=user)


def speaker_withdraw(*, speaker, user=None):
    """Withdraw ``speaker``'s page and name from the site."""
    return withdraw(speaker, user=user)


def article_publish(*, article, user=None, now=None):
    """Publish ``article`` now, or at the time already set for it if that is later."""
    published_at = article.published_at or now or timezone.now()
    return record_change(
        article,
        user=user,
        comment=gettext("Pubblicato"),
        status=Article.Status.PUBLISHED,
        published_at=published_at,
    )


def article_unpublish(*, article, user=None):
    """Take ``article`` back to draft; its publication date is kept for the record."""
    return record_change(
        article, user=user, comment=gettext("Riportato in bozza"), status=Article.Status.DRAFT
    )


def term_publish(*, term, user=None):
    """Publish a glossary entry: the glossary, the search and the articles' texts explain it."""
    return publish(term, user=user)


def term_withdraw(*, term, user=None):
    """Take a glossary entry off the glossary, the search and the articles' texts."""
    return withdraw(term, user=user)
