import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labimpact.search import fold, refresh_search_text, search_text_field
from workshops.models.base import VersionedModel, keep_history
from workshops.models.topics import Topic

# An acronym as texts write it: capitals (and digits, dots), at least two, one word.
ACRONYM_FORM = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9.]*[A-ZÀ-Ý0-9]$")


class TermQuerySet(models.QuerySet):
    def published(self):
        """Glossary entries the public may see: those the editors have published."""
        return self.filter(is_published=True)

    def acronyms(self):
        """Entries whose forms are marked ``<abbr>`` in article bodies."""
        return self.filter(kind=Term.Kind.ACRONYM)


@keep_history()
class Term(VersionedModel):
    """A word or acronym of the programme's texts, explained for the public (SAI, capofila)."""

    class Kind(models.TextChoices):
        ACRONYM = "acronym", _("Sigla")
        TERM = "term", _("Termine")

    term = models.CharField(
        _("voce"),
        max_length=80,
        unique=True,
        help_text=_("Come la scrivono i testi: SAI, CPIA, capofila, coprogettazione."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("L'àncora della voce nella pagina del glossario: /glossario/#slug."),
    )
    kind = models.CharField(
        _("tipo"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.TERM,
        help_text=_(
            "Una sigla (tutta in maiuscolo) viene spiegata nei testi degli articoli: la sua "
            "prima occorrenza mostra per esteso la forma scritta qui sotto."
        ),
    )
    expansion = models.CharField(
        _("per esteso"),
        max_length=255,
        blank=True,
        help_text=_(
            "La sigla sciolta: Sistema di accoglienza e integrazione. Obbligatoria per le sigle."
        ),
    )
    aliases = models.TextField(
        _("altre forme"),
        blank=True,
        help_text=_(
            "Una per riga: altri modi di scrivere la voce (CPA per CPIA, co-progettazione). "
            "La ricerca le trova; per una sigla anche queste vengono spiegate nei testi."
        ),
    )
    definition = models.TextField(
        _("definizione"),
        help_text=_("Che cos'è, in poche righe chiare per chi non è del mestiere."),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="glossary_terms",
        verbose_name=_("area di interesse"),
        help_text=_("La pagina del sito dove leggere di più: la voce vi rimanda."),
    )
    related_terms = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="referred_by",
        verbose_name=_("vedi anche"),
        help_text=_("Altre voci del glossario collegate (per SIPROIMI: SAI e SPRAR)."),
    )
    link_url = models.URLField(
        _("per approfondire"),
        max_length=500,
        blank=True,
        help_text=_("Un indirizzo di riferimento fuori dal sito: una legge, una pagina ufficiale."),
    )
    link_label = models.CharField(
        _("testo del collegamento"),
        max_length=200,
        blank=True,
        help_text=_(
            "Che cosa si trova all'indirizzo: il sito del SAI. Obbligatorio con l'indirizzo."
        ),
    )
    is_published = models.BooleanField(
        _("pubblicata"),
        default=False,
        help_text=_("Visibile nel glossario, nella ricerca e nei testi solo quando è pubblicata."),
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("term", "expansion", "aliases", "definition")

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("voce del glossario")
        verbose_name_plural = _("voci del glossario")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="acronym") | ~Q(expansion=""),
                name="glossary_acronym_has_expansion",
            ),
            models.CheckConstraint(
                condition=Q(link_url="") | ~Q(link_label=""),
                name="glossary_link_has_label",
            ),
        ]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        # One form per line, without blanks or repeats, so that marking and search stay exact.
        self.aliases = "\n".join(dict.fromkeys(self.alias_list))
        refresh_search_text(self, self.SEARCH_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.ACRONYM:
            if not self.expansion.strip():
                errors["expansion"] = _("Una sigla ha bisogno della sua forma per esteso.")
            not_acronyms = [form for form in self.forms if not ACRONYM_FORM.match(form)]
            if not_acronyms:
                errors["term" if self.term in not_acronyms else "aliases"] = _(
                    "Una sigla si scrive in maiuscolo, in una parola (SAI, CPIA): «%(forms)s» "
                    "non lo è. Per una parola comune scegliere il tipo «Termine»."
                ) % {"forms": ", ".join(not_acronyms)}
        if self.link_url and not self.link_label.strip():
            errors["link_label"] = _("Dire che cosa si trova all'indirizzo indicato.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("workshops:glossary") + f"#{self.slug}"

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def forms(self):
        """The voice and its other forms, as texts write them."""
        return [form for form in dict.fromkeys([self.term.strip(), *self.alias_list]) if form]

    @property
    def initial(self):
        """The letter the A–Z list files it under: «QuBì» under Q, «È» under E."""
        letter = fold(self.term.strip()[:1]).upper()
        return letter if letter.isalpha() else "#"
