import html
import re

from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from labimpact.search import refresh_search_text, search_text_field
from workshops.images import RandomUploadPath, strip_image_metadata, validate_image_upload
from workshops.models.base import VersionedModel, keep_history
from workshops.names import name_key

# Names this short («SAI», «CPA») are common words in lower case: they match only as written.
SHORT_NAME_LENGTH = 4


class Province(models.TextChoices):
    """The twelve provinces of Lombardy, by their official abbreviations."""

    BG = "BG", "Bergamo"
    BS = "BS", "Brescia"
    CO = "CO", "Como"
    CR = "CR", "Cremona"
    LC = "LC", "Lecco"
    LO = "LO", "Lodi"
    MN = "MN", "Mantova"
    MI = "MI", "Milano"
    MB = "MB", "Monza e della Brianza"
    PV = "PV", "Pavia"
    SO = "SO", "Sondrio"
    VA = "VA", "Varese"


def _normalise_text(text):
    """Plain text with one kind of apostrophe, so that «Lab’Impact» finds «Lab'Impact»."""
    return html.unescape(strip_tags(text or "")).replace("\u2019", "'")


def _spelling_pattern(spelling):
    flags = 0 if len(spelling) <= SHORT_NAME_LENGTH else re.IGNORECASE
    escaped = re.escape(spelling.replace("\u2019", "'"))
    return re.compile(rf"(?<!\w){escaped}(?!\w)", flags)


class ActorQuerySet(models.QuerySet):
    def published(self):
        """Actors the public may see; private persons among them are shown without their name."""
        return self.filter(is_published=True)

    def with_public_page(self):
        """Published actors that have a page of their own: every kind but private persons."""
        return self.published().exclude(kind=Actor.Kind.PERSON)

    def found_in_text(self, text):
        """The actors whose name or any other spelling occurs in ``text`` (HTML allowed)."""
        plain = _normalise_text(text)
        if not plain.strip():
            return []
        found = []
        for actor in self.only("pk", "name", "aliases", "kind", "slug"):
            if any(_spelling_pattern(s).search(plain) for s in actor.spellings):
                found.append(actor)
        return found

    def suggested_for_organisation(self, text):
        """The organisations that ``text`` (a speaker's «organizzazione») names.

        An actor matches when its name or another spelling occurs in the text as a word
        («ANCILab» in «ANCILab – ANCI Lombardia»), or equals it but for case, accents,
        spaces and punctuation («Anci Lab» for «AnciLab»). Private persons are no organisation.
        """
        if not name_key(text):
            return []
        candidates = self.exclude(kind=Actor.Kind.PERSON).only(
            "pk", "name", "aliases", "kind", "slug"
        )
        return [actor for actor in candidates if actor.is_organisation_named(text)]


@keep_history(follow=["outgoing_links", "memberships"])
class Actor(VersionedModel):
    """A local organisation or group that works in the networks (attore, soggetto, ente)."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Ente pubblico")
        THIRD_SECTOR = "third_sector", _("Terzo settore")
        FOUNDATION = "foundation", _("Fondazione")
        COMPANY = "company", _("Impresa")
        CITIZENS = "citizens", _("Gruppo di cittadini")
        SCHOOL = "school", _("Scuola o CPIA")
        RECEPTION = "reception", _("Progetto di accoglienza (SAI, già SIPROIMI)")
        UNIVERSITY = "university", _("Università")
        PROGRAMME = "programme", _("Programma o progetto")
        PERSON = "person", _("Persona privata")
        OTHER = "other", _("Altro")

    name = models.CharField(
        _("nome"),
        max_length=255,
        help_text=_("Il nome per esteso, come si presenta: ANCI Lombardia, Comune di Milano."),
    )
    aliases = models.TextField(
        _("altri nomi"),
        blank=True,
        help_text=_(
            "Un nome per riga: sigle e grafie con cui è scritto negli articoli "
            "(ANCILab, AnciLab, AnciLAB). Servono a ricerca e suggerimenti."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(
        _("tipo"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.THIRD_SECTOR,
        help_text=_(
            "Una persona privata non compare mai per nome sul sito: sulla mappa e negli export "
            "è indicata solo come «persona privata»."
        ),
    )
    municipality = models.CharField(_("comune"), max_length=120, blank=True)
    province = models.CharField(
        _("provincia"),
        max_length=2,
        choices=Province.choices,
        blank=True,
        help_text=_("Vuota per i soggetti regionali o nazionali."),
    )
    ambito = models.CharField(
        _("ambito territoriale"),
        max_length=120,
        blank=True,
        help_text=_("L'Ambito territoriale dei servizi sociali in cui opera, se uno solo."),
    )
    website = models.URLField(_("sito web"), blank=True)
    description = models.TextField(_("descrizione"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomUploadPath("actors"),
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG o WebP, al massimo 8 MB."),
    )
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="actors", verbose_name=_("aree di interesse")
    )
    people = models.ManyToManyField(
        "workshops.Speaker",
        blank=True,
        related_name="actors",
        verbose_name=_("persone"),
        help_text=_("I relatori che appartengono a questo soggetto."),
    )
    mentioned_in = models.ManyToManyField(
        "workshops.Article",
        blank=True,
        related_name="mentioned_actors",
        verbose_name=_("citato in"),
        help_text=_("Gli articoli che parlano di questo soggetto."),
    )
    is_published = models.BooleanField(
        _("pubblicato"),
        default=False,
        help_text=_(
            "Spuntare per mostrare l'attore al pubblico; i suoi legami compaiono solo se "
            "anche l'altro soggetto è pubblicato."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("name", "aliases", "municipality", "ambito", "description")

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("attore")
        verbose_name_plural = _("attori")
        indexes = [models.Index(fields=["is_published", "kind"], name="actor_published_kind_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One spelling per line, without blanks or repeats, so that matching stays exact.
        self.aliases = "\n".join(dict.fromkeys(self.alias_list))
        strip_image_metadata(self.logo)
        refresh_search_text(self, self.SEARCH_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if not self.has_public_page:
            return ""
        return reverse("networks:actor_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def spellings(self):
        return [self.name, *self.alias_list]

    def is_organisation_named(self, text):
        """Whether ``text`` names this actor: a spelling occurs in it, or equals it loosely."""
        plain = _normalise_text(text)
        key = name_key(plain)
        return any(
            _spelling_pattern(spelling).search(plain) or name_key(spelling) == key
            for spelling in self.spellings
        )

    @property
    def is_person(self):
        return self.kind == self.Kind.PERSON

    @property
    def has_public_page(self):
        return not self.is_person

    @property
    def public_name(self):
        """The name the public sees: a private person is never named."""
        return str(_("Persona privata")) if self.is_person else self.name

    @property
    def is_public(self):
        return self.is_published
