from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labimpact.search import refresh_search_text, search_text_field
from workshops.images import RandomUploadPath, strip_image_metadata, validate_image_upload
from workshops.models.articles import Article
from workshops.models.base import VersionedModel, keep_history
from workshops.models.programme import Session
from workshops.names import name_key


def _named_publicly():
    """True for a speaker whom a published session or a published article names."""
    return Exists(Session.objects.published().filter(session_speakers__speaker=OuterRef("pk"))) | (
        Exists(Article.objects.published().filter(speakers=OuterRef("pk")))
    )


class SpeakerQuerySet(models.QuerySet):
    def published(self):
        """Speakers the public may see: not withdrawn, and named by something public."""
        return self.filter(_named_publicly(), is_published=True)

    def with_public_mention(self):
        """Annotates ``is_named_publicly``, so that ``is_public`` costs no query of its own."""
        return self.annotate(
            is_named_publicly=ExpressionWrapper(_named_publicly(), output_field=BooleanField())
        )

    def similar_to(self, name):
        """Speakers whose name is ``name`` but for case, accents, spaces and apostrophes.

        «DeAloe» finds «De Aloe», «Dangelo» finds «D'Angelo», in either order of first
        and last name. Compared in Python: the people of the programme are a few hundred.
        """
        key = name_key(name)
        if not key:
            return self.none()
        pks = [
            pk
            for pk, first, last in self.values_list("pk", "first_name", "last_name")
            if key in (name_key(first + last), name_key(last + first))
        ]
        return self.filter(pk__in=pks)


@keep_history()
class Speaker(VersionedModel):
    """A person who speaks at sessions: content, not an account."""

    class Honorific(models.TextChoices):
        NONE = "", _("(nessuno)")
        DOTT = "dott.", "dott."
        DOTTSSA = "dott.ssa", "dott.ssa"
        PROF = "prof.", "prof."
        PROFSSA = "prof.ssa", "prof.ssa"
        ING = "ing.", "ing."
        AVV = "avv.", "avv."
        AVVTA = "avv.ta", "avv.ta"
        SIG = "sig.", "sig."
        SIGRA = "sig.ra", "sig.ra"

    MASCULINE = "m"
    FEMININE = "f"
    # Only these honorifics say whether a person is a man or a woman; ing. and avv. do not.
    HONORIFIC_GENDER = {
        Honorific.DOTT: MASCULINE,
        Honorific.PROF: MASCULINE,
        Honorific.SIG: MASCULINE,
        Honorific.DOTTSSA: FEMININE,
        Honorific.PROFSSA: FEMININE,
        Honorific.AVVTA: FEMININE,
        Honorific.SIGRA: FEMININE,
    }

    honorific = models.CharField(
        _("titolo"), max_length=10, choices=Honorific.choices, blank=True, default=Honorific.NONE
    )
    first_name = models.CharField(_("nome"), max_length=100)
    last_name = models.CharField(_("cognome"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    role = models.TextField(
        _("ruolo"),
        blank=True,
        help_text=_("Come si presenta: anche lungo (consulente e formatore sui temi…)."),
    )
    organisation = models.CharField(_("organizzazione"), max_length=255, blank=True)
    bio = models.TextField(_("biografia breve"), blank=True)
    photo = models.ImageField(
        _("foto"),
        upload_to=RandomUploadPath("speakers"),
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG o WebP, al massimo 8 MB."),
    )
    website = models.URLField(_("sito web"), blank=True)
    is_published = models.BooleanField(
        _("pubblicato"),
        default=True,
        help_text=_(
            "La scheda è visibile al pubblico solo quando una giornata o un articolo "
            "pubblicati citano la persona. Togli la spunta per nasconderla comunque."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("honorific", "first_name", "last_name", "organisation", "role")

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("relatore")
        verbose_name_plural = _("relatori")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        strip_image_metadata(self.photo)
        refresh_search_text(self, self.SEARCH_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:speaker_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        if not self.is_published:
            return False
        named = getattr(self, "is_named_publicly", None)
        if named is None:
            return type(self).objects.published().filter(pk=self.pk).exists()
        return named

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def photo_alt(self):
        """The photo's text alternative: a portrait is described by whose it is."""
        return _("Foto di %(name)s") % {"name": self.full_name}

    @property
    def grammatical_gender(self):
        """``MASCULINE``, ``FEMININE`` or None: what the honorific tells, for agreeing roles."""
        return self.HONORIFIC_GENDER.get(self.honorific)

    @property
    def display_name(self):
        """The name as the reports write it: «dott. Nicola Grigion»."""
        return f"{self.honorific} {self.full_name}".strip()
