from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labimpact.search import refresh_search_text, search_text_field
from workshops.models.base import VersionedModel, keep_history


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        """Workshops the public may see."""
        return self.filter(is_published=True)


@keep_history(follow=["sessions"])
class Workshop(VersionedModel):
    """A numbered cycle of sessions on one theme (laboratorio)."""

    number = models.PositiveSmallIntegerField(
        _("numero"), unique=True, help_text=_("Il numero d'ordine: 3 per il terzo laboratorio.")
    )
    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(
        _("sintesi"), blank=True, help_text=_("Una o due frasi per elenchi e anteprime.")
    )
    description = models.TextField(_("descrizione"), blank=True)
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="workshops", verbose_name=_("aree di interesse")
    )
    is_published = models.BooleanField(
        _("pubblicato"),
        default=False,
        help_text=_(
            "Visibile al pubblico solo se pubblicato; le sue giornate seguono questo stato."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("laboratorio")
        verbose_name_plural = _("laboratori")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="workshop_number_positive"),
        ]

    def __str__(self):
        return _("%(number)s° laboratorio: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return reverse("workshops:workshop_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.is_published


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions the public may see: published, in a published workshop."""
        return self.filter(is_published=True, workshop__is_published=True)

    def upcoming(self, now=None):
        """Sessions not yet over, soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now=None):
        """Sessions already over, most recent first."""
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def overlapping(self, start, end):
        """Sessions taking place, even in part, between ``start`` and ``end``, in order."""
        return self.filter(starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "pk")

    def with_related(self):
        """Everything a session card shows, in a fixed number of queries."""
        return self.select_related("workshop").prefetch_related(
            "topics",
            models.Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").filter(
                    speaker__is_published=True
                ),
            ),
        )


@keep_history(follow=["session_speakers"])
class Session(VersionedModel):
    """One numbered day of a workshop (giornata), at a place, online, or both."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("laboratorio")
    )
    number = models.PositiveSmallIntegerField(
        _("numero"), help_text=_("Numero della giornata nel laboratorio: 4 si legge «4° giornata».")
    )
    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=255, help_text=_("Unico all'interno del laboratorio.")
    )
    starts_at = models.DateTimeField(_("inizio"), help_text=_("Data e ora, ora italiana."))
    ends_at = models.DateTimeField(
        _("fine"), help_text=_("Dopo l'inizio; può essere un altro giorno.")
    )
    venue = models.CharField(
        _("luogo"),
        max_length=255,
        blank=True,
        help_text=_("Per esempio: Sala Consiglio, ANCI Lombardia."),
    )
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)
    online_url = models.URLField(
        _("collegamento online"),
        blank=True,
        help_text=_("Il link per partecipare a distanza, se c'è."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="sessions", verbose_name=_("aree di interesse")
    )
    speakers = models.ManyToManyField(
        "workshops.Speaker",
        through="workshops.SessionSpeaker",
        blank=True,
        related_name="sessions",
        verbose_name=_("relatori"),
    )
    is_cancelled = models.BooleanField(
        _("annullata"), default=False, help_text=_("Resta in calendario, segnata come annullata.")
    )
    is_published = models.BooleanField(
        _("pubblicata"), default=False, help_text=_("Visibile al pubblico solo se pubblicata.")
    )
    sequence = models.PositiveIntegerField(
        _("revisione"),
        default=0,
        editable=False,
        help_text=_(
            "Sale da sola quando cambiano data, ora, luogo o stato: così i calendari "
            "degli iscritti aggiornano l'appuntamento."
        ),
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)
    search_text = search_text_field()

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("giornata")
        verbose_name_plural = _("giornate")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"], name="session_number_unique_per_workshop"
            ),
            models.UniqueConstraint(
                fields=["workshop", "slug"], name="session_slug_unique_per_workshop"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at_idx")]

    SEARCH_FIELDS = ("title", "description", "venue", "address")
    # A change to any of these is news for a participant's calendar (RFC 5545 SEQUENCE).
    SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue", "address", "online_url", "is_cancelled")

    def __str__(self):
        return _("%(number)s° giornata: %(title)s") % {"number": self.number, "title": self.title}

    def save(self, *args, **kwargs):
        # Calendar apps only take an updated event whose SEQUENCE has risen.
        if self.pk is not None:
            stored = (
                Session.objects.filter(pk=self.pk).values("sequence", *self.SCHEDULE_FIELDS).first()
            )
            if stored and any(stored[name] != getattr(self, name) for name in self.SCHEDULE_FIELDS):
                self.sequence = max(self.sequence, stored["sequence"]) + 1
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        refresh_search_text(self, self.SEARCH_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "workshops:session_detail",
            kwargs={"workshop_slug": self.workshop.slug, "slug": self.slug},
        )

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fine deve essere successiva all'inizio.")})

    @property
    def is_public(self):
        return self.is_published and self.workshop.is_published

    @property
    def is_online(self):
        return bool(self.online_url)


@keep_history()
class SessionSpeaker(VersionedModel):
    """A speaker's part in a session, in the order the programme lists them."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Relatore/relatrice")
        MODERATOR = "moderator", _("Moderatore/moderatrice")
        TRAINER = "trainer", _("Formatore/formatrice")
        WITNESS = "witness", _("Testimonianza")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="session_speakers",
        verbose_name=_("giornata"),
    )
    speaker = models.ForeignKey(
        "workshops.Speaker",
        on_delete=models.CASCADE,
        related_name="session_speakers",
        verbose_name=_("relatore"),
    )
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    talk_title = models.CharField(_("titolo dell'intervento"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("intervento")
        verbose_name_plural = _("interventi")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="session_speaker_unique"),
        ]

    def __str__(self):
        return f"{self.speaker} – {self.session}"
