"""Registration for sessions: the places a session offers, and the people who asked for one.

A registration holds personal data: it never reaches a public page, a feed, an export
or the API, and it is kept out of the edit history (no django-reversion) so that a
deletion really deletes. Only the count of confirmed places is public.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.models.base import VersionedModel, keep_history

# Words that name an organisation's legal form, not the organisation: «Cooperativa
# Sociale Il Sole s.c.s.» and «Il Sole Coop. soc.» count as the same organisation.
_LEGAL_FORMS = {
    "soc", "sociale", "coop", "cooperativa", "scs", "onlus", "aps", "odv", "ets", "srl",
    "spa", "impresa", "associazione", "ass", "di", "la", "il", "lo", "le", "gli", "i", "l",
}  # fmt: skip


def organisation_key(name, *, actor_id=None, network_id=None):
    """The key the per-organisation limit counts by: the directory's id, or the typed name.

    Typed names are compared without case, accents, punctuation or legal form, so
    that «Coop. Il Sole» and «IL SOLE cooperativa sociale» are one organisation.
    """
    if actor_id:
        return f"actor:{actor_id}"
    if network_id:
        return f"network:{network_id}"
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(char for char in plain if not unicodedata.combining(char)).lower()
    words = [word for word in re.split(r"[^a-z0-9]+", plain) if word]
    kept = [word for word in words if word not in _LEGAL_FORMS] or words
    return " ".join(kept)[:200]


@dataclass(frozen=True)
class Availability:
    """What the session page says about places: the only registration figures made public."""

    capacity: int
    confirmed: int
    is_open: bool
    has_waiting_list: bool
    opens_at: object = None

    @property
    def places_left(self):
        return max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self):
        return self.places_left == 0

    @property
    def takes_requests(self):
        """Whether the form accepts a request: a place, or a place in the waiting list."""
        return self.is_open and (not self.is_full or self.has_waiting_list)

    @property
    def is_waiting_list(self):
        return self.is_open and self.is_full and self.has_waiting_list

    @property
    def not_yet_open(self):
        return not self.is_open and self.opens_at is not None and self.opens_at > timezone.now()


@keep_history()
class RegistrationSettings(VersionedModel):
    """How a session takes registrations: places, dates, the per-organisation limit, questions."""

    class OrganisationQuestion(models.TextChoices):
        DIRECTORY = "directory", _("Dall'elenco degli attori, o scritta a mano")
        TYPED = "typed", _("Scritta a mano")
        NONE = "none", _("Non chiesta")

    session = models.OneToOneField(
        "workshops.Session",
        on_delete=models.CASCADE,
        related_name="registration_settings",
        verbose_name=_("giornata"),
    )
    capacity = models.PositiveIntegerField(
        _("posti"), help_text=_("Quanti partecipanti la giornata può accogliere.")
    )
    opens_at = models.DateTimeField(
        _("iscrizioni aperte dal"),
        null=True,
        blank=True,
        help_text=_("Vuoto: le iscrizioni sono aperte da subito."),
    )
    closes_at = models.DateTimeField(
        _("iscrizioni chiuse dal"),
        null=True,
        blank=True,
        help_text=_("Vuoto: le iscrizioni chiudono quando la giornata comincia."),
    )
    per_organisation_limit = models.PositiveSmallIntegerField(
        _("posti per organizzazione"),
        default=2,
        help_text=_(
            "Quanti partecipanti può iscrivere ogni organizzazione o rete (i bandi del "
            "programma dicevano «al massimo due ruoli per rete»)."
        ),
    )
    has_waiting_list = models.BooleanField(
        _("lista d'attesa"),
        default=True,
        help_text=_(
            "Esauriti i posti, le richieste vanno in lista d'attesa; il primo della lista "
            "prende il posto che si libera."
        ),
    )
    asks_role = models.BooleanField(_("chiede il ruolo"), default=True)
    organisation_question = models.CharField(
        _("organizzazione"),
        max_length=20,
        choices=OrganisationQuestion.choices,
        default=OrganisationQuestion.DIRECTORY,
        help_text=_("Senza organizzazione il limite per organizzazione non si applica."),
    )
    asks_accessibility = models.BooleanField(_("chiede le esigenze di accessibilità"), default=True)
    asks_note = models.BooleanField(_("chiede una nota libera"), default=False)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("impostazioni delle iscrizioni")
        verbose_name_plural = _("impostazioni delle iscrizioni")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="registration_settings_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(per_organisation_limit__gte=1),
                name="registration_settings_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="registration_settings_closes_after_opening",
            ),
        ]

    def __str__(self):
        return _("Iscrizioni: %(session)s") % {"session": self.session}

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("La chiusura delle iscrizioni deve venire dopo l'apertura.")}
            )

    @property
    def asks_organisation(self):
        return self.organisation_question != self.OrganisationQuestion.NONE

    def is_open(self, now=None):
        """Within the registration dates, before the session starts, and not cancelled."""
        now = now or timezone.now()
        session = self.session
        if session.is_cancelled or session.is_past:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        closes_at = self.closes_at or session.starts_at
        return closes_at is None or now < closes_at

    def availability(self, confirmed=None, now=None):
        """The public figures; ``confirmed`` when the caller has counted them already."""
        if confirmed is None:
            confirmed = self.session.registrations.confirmed().count()
        return Availability(
            capacity=self.capacity,
            confirmed=confirmed,
            is_open=self.is_open(now),
            has_waiting_list=self.has_waiting_list,
            opens_at=self.opens_at,
        )


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        """Registrations holding a place."""
        return self.filter(state=Registration.State.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(state=Registration.State.WAITING).order_by("confirmed_at", "pk")

    def active(self):
        """Requests still standing: they count for the one-per-address rule."""
        return self.filter(state__in=Registration.ACTIVE_STATES)

    def counts_by_state(self):
        return dict(self.order_by().values_list("state").annotate(n=Count("pk")))


class Registration(models.Model):
    """One person's request for a place at a session, made without an account.

    Nothing is held until the address is confirmed through the signed link in the
    first e-mail; an unconfirmed request expires.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Da confermare")
        CONFIRMED = "confirmed", _("Confermata")
        WAITING = "waiting", _("In lista d'attesa")
        REFUSED = "refused", _("Rifiutata")
        CANCELLED = "cancelled", _("Annullata")

    ACTIVE_STATES = (State.PENDING, State.CONFIRMED, State.WAITING)

    session = models.ForeignKey(
        "workshops.Session",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("giornata"),
    )
    state = models.CharField(
        _("stato"), max_length=20, choices=State.choices, default=State.PENDING
    )
    name = models.CharField(_("nome e cognome"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organizzazione"), max_length=255, blank=True)
    organisation_key = models.CharField(
        _("chiave dell'organizzazione"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("Calcolata: su di essa si conta il limite per organizzazione."),
    )
    # Plain numbers, not keys: the workshops app stands without the networks app.
    actor_id = models.PositiveIntegerField(_("attore dell'elenco"), null=True, blank=True)
    network_id = models.PositiveIntegerField(_("rete"), null=True, blank=True)
    role = models.CharField(_("ruolo"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("esigenze di accessibilità"), blank=True)
    note = models.TextField(_("nota"), blank=True)
    has_consented = models.BooleanField(
        _("consenso all'informativa"),
        default=False,
        help_text=_("Senza consenso all'informativa sulla privacy non si registra nulla."),
    )
    language = models.CharField(
        _("lingua"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("La lingua delle e-mail: quella del modulo usato."),
    )
    created_at = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        _("indirizzo confermato il"),
        null=True,
        blank=True,
        help_text=_("Anche l'ordine della lista d'attesa."),
    )
    cancelled_at = models.DateTimeField(_("annullata il"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("promemoria inviato il"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("presente dalle"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(state__in=["pending", "confirmed", "waiting"]),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(has_consented=True), name="registration_needs_consent"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "refused", "cancelled"])
                | Q(confirmed_at__isnull=False),
                name="registration_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(state="confirmed"),
                name="registration_check_in_only_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["session", "state"], name="registration_state_idx")]

    def __str__(self):
        return _("%(name)s – %(session)s") % {"name": self.name, "session": self.session}

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.organisation_key = organisation_key(
            self.organisation, actor_id=self.actor_id, network_id=self.network_id
        )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.has_consented:
            raise ValidationError(
                {"has_consented": _("Serve il consenso all'informativa sulla privacy.")}
            )
        if self.checked_in_at and self.state != self.State.CONFIRMED:
            raise ValidationError(_("Solo un'iscrizione confermata può risultare presente."))

    @property
    def holds_place(self):
        return self.state == self.State.CONFIRMED
