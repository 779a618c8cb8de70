from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workshops.models.base import VersionedModel, keep_history


class TopicQuerySet(models.QuerySet):
    def matching(self, text):
        """Topics whose name or any former name contains ``text`` (SPRAR finds SAI)."""
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(Q(name__icontains=text) | Q(aliases__icontains=text))


@keep_history()
class Topic(VersionedModel):
    """An area of interest that tags workshops, sessions and articles."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Tema")
        ACTION = "action", _("Azione del piano")

    name = models.CharField(_("nome"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(
        _("tipo"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.THEME,
        help_text=_("Le quattro azioni del piano Lab'Impact (01–04) sono temi di tipo «azione»."),
    )
    aliases = models.TextField(
        _("altri nomi"),
        blank=True,
        help_text=_(
            "Un nome per riga: i nomi che questo tema ha avuto o con cui è noto "
            "(per esempio SPRAR e SIPROIMI per SAI). La ricerca li trova tutti."
        ),
    )
    description = models.TextField(_("descrizione"), blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("area di interesse")
        verbose_name_plural = _("aree di interesse")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One alias per line, without blanks or repeats, so that searches stay exact.
        self.aliases = "\n".join(dict.fromkeys(self.alias_list))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:topic_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
