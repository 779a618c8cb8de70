from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
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

    kind = models.CharField(_("pagina"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("titolo"), max_length=200)
    body = ProseEditorField(_("testo"), extensions=BODY_EXTENSIONS, sanitize=True, blank=True)
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
