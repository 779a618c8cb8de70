from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_prose_editor.fields import ProseEditorField

from workshops.models.articles import BODY_EXTENSIONS, body_image_errors
from workshops.models.base import VersionedModel, keep_history


@keep_history()
class Page(VersionedModel):
    """One of the fixed pages every Italian public site must have; editors write its text.

    Its address and template are the code's, not the editors': there is one page of
    each kind, created by a migration, and a kind maps to one URL.
    """

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Dichiarazione di accessibilità")
        PRIVACY = "privacy", _("Informativa sulla privacy")

    # What editors type in the text, and the setting the public page shows in its place.
    PLACEHOLDERS = {
        "[indirizzo del sito]": "public_url",
        "[email di contatto]": "contact_email",
        "[titolare del trattamento]": "data_controller",
        "[responsabile protezione dati]": "data_protection_officer",
        "[data di redazione]": "accessibility_prepared_on",
        "[data di revisione]": "accessibility_reviewed_on",
    }

    kind = models.CharField(_("pagina"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("titolo"), max_length=200)
    body = ProseEditorField(
        _("testo"),
        extensions=BODY_EXTENSIONS,
        sanitize=True,
        blank=True,
        help_text=_(
            "Scrivi tra parentesi quadre [indirizzo del sito], [email di contatto], "
            "[titolare del trattamento], [responsabile protezione dati], [data di redazione] o "
            "[data di revisione]: la pagina pubblica mostra al loro posto i valori delle "
            "Impostazioni del sito."
        ),
    )
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("pagina di servizio")
        verbose_name_plural = _("pagine di servizio")

    def __str__(self):
        return self.title or self.get_kind_display()

    def save(self, *args, **kwargs):
        # Whatever path the text came by, only sanitised HTML is stored.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        body = self._meta.get_field("body").sanitize(self.body or "")
        if body_errors := body_image_errors(body):
            raise ValidationError({"body": body_errors})

    def get_absolute_url(self):
        return reverse(f"workshops:{self.kind}")

    def filled_body(self, site_settings, *, site_url):
        """The sanitised text with each placeholder replaced by its setting, escaped."""
        body = self._meta.get_field("body").sanitize(self.body or "")
        for placeholder, field in self.PLACEHOLDERS.items():
            if placeholder in body:
                value = site_url if field == "public_url" else getattr(site_settings, field)
                body = body.replace(placeholder, _setting_html(field, value))
        return mark_safe(body)  # noqa: S308 - sanitised above, values escaped


def _setting_html(field, value):
    if not value:
        return format_html("<em>{}</em>", _("(da indicare)"))
    if field == "contact_email":
        return format_html('<a href="mailto:{0}">{0}</a>', value)
    if field == "public_url":
        return format_html('<a href="{0}">{0}</a>', value)
    if field.endswith("_on"):
        # The pages' text is Italian whatever the visitor's language: «12 marzo 2026».
        with override(settings.LANGUAGE_CODE):
            return formats.date_format(value, "j F Y").lower()
    # Several lines (name, address, contacts) stay several lines inside the paragraph.
    return mark_safe("<br>".join(conditional_escape(line) for line in value.splitlines()))  # noqa: S308


@keep_history()
class SiteSettings(VersionedModel):
    """The site's own facts, one row editors keep: its public address and who answers for it.

    The accessibility statement and the privacy notice show these values where their text
    holds the placeholders of ``Page.PLACEHOLDERS``.
    """

    SINGLETON_PK = 1

    public_url = models.URLField(
        _("indirizzo pubblico del sito"),
        blank=True,
        help_text=_(
            "L'indirizzo con cui il pubblico raggiunge il sito, per esempio "
            "https://labimpact.example.org: lo usano i feed, la sitemap, i calendari e ogni "
            "collegamento completo. Se il server imposta SITE_URL, vale quello."
        ),
    )
    contact_email = models.EmailField(
        _("e-mail di contatto"),
        blank=True,
        help_text=_(
            "Dove scrivere per segnalare un problema di accessibilità o esercitare i diritti "
            "sui propri dati: compare nella dichiarazione di accessibilità e nell'informativa."
        ),
    )
    data_controller = models.TextField(
        _("titolare del trattamento"),
        blank=True,
        help_text=_("Nome, indirizzo e recapiti del titolare del trattamento dei dati."),
    )
    data_protection_officer = models.TextField(
        _("responsabile della protezione dei dati (RPD/DPO)"),
        blank=True,
        help_text=_("Nome e recapiti del responsabile della protezione dei dati."),
    )
    accessibility_prepared_on = models.DateField(
        _("dichiarazione di accessibilità redatta il"), null=True, blank=True
    )
    accessibility_reviewed_on = models.DateField(
        _("dichiarazione di accessibilità riesaminata il"),
        null=True,
        blank=True,
        help_text=_("La data dell'ultimo riesame, da aggiornare almeno una volta l'anno."),
    )

    class Meta:
        verbose_name = _("impostazioni del sito")
        verbose_name_plural = _("impostazioni del sito")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="sitesettings_single_row"),
        ]

    def __str__(self):
        return str(_("Impostazioni del sito"))

    @classmethod
    def load(cls):
        """The one row, or its defaults (unsaved) when no migration created it yet."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    def clean(self):
        super().clean()
        if self.public_url:
            parts = urlsplit(self.public_url)
            if parts.query or parts.fragment:
                raise ValidationError(
                    {
                        "public_url": _(
                            "Solo l'indirizzo del sito, senza parametri né ancore "
                            "(niente «?» né «#»)."
                        )
                    }
                )

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        self.public_url = self.public_url.strip().rstrip("/")
        super().save(*args, **kwargs)
