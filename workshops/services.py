"""Writes that editors trigger from more than one place (admin actions, commands)."""

from django.db import transaction
from django.utils import timezone

from workshops.models import Article


@transaction.atomic
def article_publish(*, article, user=None, now=None):
    """Publish ``article`` now, or at the time already set for it if that is later."""
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = now or timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article, user=None):
    """Take ``article`` back to draft; its publication date is kept for the record."""
    article.status = Article.Status.DRAFT
    article.full_clean()
    article.save()
    return article
