"""Who met whom at the workshops: pairs of actors whose people were present at the same sessions.

Derived from the attendance marked at the door (``Registration.checked_in_at``) by
``networks.services.encounters_rebuild``, never typed in: editors may only read it.
It holds no person, only actors and sessions, so it outlives the registrations it came
from (they are erased after ``REGISTRATION_RETENTION_MONTHS``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Max, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EncounterQuerySet(models.QuerySet):
    def involving(self, actor):
        """Encounters of ``actor``, on either side."""
        return self.filter(Q(actor_a=actor) | Q(actor_b=actor))

    def published(self, now=None):
        """Encounters the public may see, with their ``weight``: the sessions that count.

        A session counts once it is published and over; neither actor may be a draft or a
        private person (whose presence at a dated session would say where someone was).
        """
        from networks.models import Actor

        now = now or timezone.now()
        counted = Q(
            sessions__is_published=True,
            sessions__workshop__is_published=True,
            sessions__ends_at__lt=now,
        )
        return (
            self.filter(actor_a__is_published=True, actor_b__is_published=True)
            .exclude(actor_a__kind=Actor.Kind.PERSON)
            .exclude(actor_b__kind=Actor.Kind.PERSON)
            .annotate(weight=Count("sessions", filter=counted, distinct=True))
            .filter(weight__gt=0)
        )

    def with_changed_at(self, now=None):
        """Each encounter's ``changed_at``: the last moment what the public sees of it changed.

        Its own ``updated_at`` moves only when attendance is recomputed; its weight and its
        presence also change when a session or its workshop is published or withdrawn,
        when either actor changes, and when a session ends (it starts to count). The API's
        ``updated_since`` filters on this, so a client polling it hears of all of them.
        """
        now = now or timezone.now()
        floor = F("updated_at")
        return self.annotate(
            changed_at=Greatest(
                "updated_at",
                "actor_a__updated_at",
                "actor_b__updated_at",
                Coalesce(Max("sessions__updated_at"), floor),
                Coalesce(Max("sessions__workshop__updated_at"), floor),
                Coalesce(Max("sessions__ends_at", filter=Q(sessions__ends_at__lt=now)), floor),
            )
        )

    def with_public_sessions(self, now=None):
        """Each encounter's counted sessions in ``public_sessions``, oldest first."""
        from workshops.models import Session

        sessions = (
            Session.objects.published()
            .filter(ends_at__lt=now or timezone.now())
            .select_related("workshop")
            .order_by("starts_at", "pk")
        )
        return self.prefetch_related(Prefetch("sessions", sessions, to_attr="public_sessions"))


class Encounter(models.Model):
    """Two actors whose people were present at the same sessions: a link weighted by them."""

    actor_a = models.ForeignKey(
        "networks.Actor",
        on_delete=models.CASCADE,
        related_name="encounters_as_a",
        verbose_name=_("attore"),
    )
    actor_b = models.ForeignKey(
        "networks.Actor",
        on_delete=models.CASCADE,
        related_name="encounters_as_b",
        verbose_name=_("altro attore"),
    )
    sessions = models.ManyToManyField(
        "workshops.Session",
        blank=True,
        related_name="encounters",
        verbose_name=_("giornate"),
        help_text=_(
            "Le giornate in cui entrambi avevano almeno una persona presente: calcolate dalle "
            "presenze segnate all'ingresso."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    objects = EncounterQuerySet.as_manager()

    class Meta:
        ordering = ["actor_a", "actor_b"]
        verbose_name = _("incontro ai laboratori")
        verbose_name_plural = _("incontri ai laboratori")
        constraints = [
            # One row per pair: the smaller id first, so (a, b) and (b, a) cannot both exist.
            models.CheckConstraint(
                condition=Q(actor_a__lt=F("actor_b")),
                name="encounter_ordered_pair",
                violation_error_message=_(
                    "Una coppia si registra una volta sola, con l'attore di id minore per primo."
                ),
            ),
            models.UniqueConstraint(
                fields=["actor_a", "actor_b"],
                name="encounter_unique_pair",
                violation_error_message=_("Questa coppia di attori è già registrata."),
            ),
        ]

    def __str__(self):
        return f"{self.actor_a} ↔ {self.actor_b}"

    def clean(self):
        super().clean()
        if self.actor_a_id and self.actor_b_id and self.actor_a_id >= self.actor_b_id:
            raise ValidationError(
                _("Una coppia si registra una volta sola, con l'attore di id minore per primo.")
            )

    def other_end(self, actor):
        """The actor met, seen from ``actor``."""
        return self.actor_b if self.actor_a_id == actor.pk else self.actor_a
