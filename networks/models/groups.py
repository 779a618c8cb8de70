from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workshops.models.base import VersionedModel, keep_history


class NetworkQuerySet(models.QuerySet):
    def published(self):
        """Networks the public may see."""
        return self.filter(is_published=True)


@keep_history(follow=["memberships"])
class Network(VersionedModel):
    """Actors of a territory, or institutions, that work together (rete)."""

    class Level(models.TextChoices):
        LOCAL = "local", _("Rete territoriale")
        SECOND = "second_level", _("Rete di secondo livello")

    name = models.CharField(_("nome"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    level = models.CharField(
        _("livello"),
        max_length=20,
        choices=Level.choices,
        default=Level.LOCAL,
        help_text=_(
            "Territoriale: i soggetti di un territorio, di solito guidati da un Ambito. "
            "Di secondo livello: una rete di reti o di istituzioni."
        ),
    )
    territory = models.CharField(
        _("territorio"),
        max_length=255,
        blank=True,
        help_text=_("Per esempio: Ambito di Lodi, Città di Milano, Lombardia."),
    )
    lead = models.ForeignKey(
        "networks.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_networks",
        verbose_name=_("capofila"),
    )
    members = models.ManyToManyField(
        "networks.Actor",
        through="networks.Membership",
        blank=True,
        related_name="networks",
        verbose_name=_("membri"),
    )
    description = models.TextField(_("descrizione"), blank=True)
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="networks", verbose_name=_("aree di interesse")
    )
    is_published = models.BooleanField(
        _("pubblicata"),
        default=False,
        help_text=_("Spuntare per mostrare la rete al pubblico: mostra solo i membri pubblicati."),
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("rete")
        verbose_name_plural = _("reti")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:network_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.is_published


@keep_history()
class Membership(VersionedModel):
    """An actor's part in a network, with the dates it held it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Capofila")
        PARTNER = "partner", _("Partner")
        ASSOCIATE = "associate", _("Aderente")
        FUNDER = "funder", _("Finanziatore")
        SUPPORT = "support", _("Accompagnamento")
        OTHER = "other", _("Altro")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("rete")
    )
    actor = models.ForeignKey(
        "networks.Actor",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("attore"),
    )
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    since = models.DateField(_("dal"), null=True, blank=True)
    until = models.DateField(
        _("al"), null=True, blank=True, help_text=_("Vuoto se fa ancora parte della rete.")
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        ordering = ["network", "role", "actor__name", "pk"]
        verbose_name = _("membro della rete")
        verbose_name_plural = _("membri della rete")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "actor"], name="membership_unique_per_network"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.actor} – {self.network}"

    def clean(self):
        super().clean()
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("La fine non può precedere l'inizio.")})
