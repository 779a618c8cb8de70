from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.images import RandomUploadPath, strip_image_metadata, validate_image_upload


class BodyImage(models.Model):
    """An image an editor uploaded into the text of an article or page, from the editor.

    The text links to the stored file; this row keeps who uploaded it and its
    description, so that editors can find it again in the admin.
    """

    file = models.ImageField(
        _("file"),
        upload_to=RandomUploadPath("testo"),
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG o WebP, al massimo 8 MB."),
    )
    alt_text = models.CharField(
        _("testo alternativo"),
        max_length=255,
        help_text=_("Descrive l'immagine a chi non la vede: obbligatorio."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caricata da"),
    )
    created_at = models.DateTimeField(_("caricata il"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("immagine del testo")
        verbose_name_plural = _("immagini del testo")

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        # Whatever path the upload came by, the stored file carries no metadata.
        strip_image_metadata(self.file)
        super().save(*args, **kwargs)
