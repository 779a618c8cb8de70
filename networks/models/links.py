import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from workshops.models.base import VersionedModel, keep_history

# Stands for "start unknown" in the uniqueness rule, where NULLs would never collide.
UNKNOWN_START = dt.date(1, 1, 1)
# The fields that say where a link is documented: any one of them is its source.
SOURCE_FIELDS = ("documented_by_article", "documented_by_session", "document_url", "document_file")
# A PDF starts with these bytes whatever its name says.
PDF_MAGIC = b"%PDF-"


def document_upload_path(instance, filename):
    """A random name under ``links/``: the uploaded name may carry a person's name."""
    return f"links/{secrets.token_hex(12)}.pdf"


def validate_document_upload(file):
    """Refuse a file that is not a PDF or is larger than ``DOCUMENT_MAX_BYTES``."""
    if not file or getattr(file, "_committed", False):
        # Files already in storage were checked when they were uploaded.
        return
    size = getattr(file, "size", None)
    limit = settings.DOCUMENT_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("Il documento pesa troppo: il massimo è %(limit)s MB."),
            code="document_too_large",
            params={"limit": limit // (1024 * 1024)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        head = file.read(len(PDF_MAGIC))
    finally:
        if position is not None:
            file.seek(position)
    if head != PDF_MAGIC:
        raise ValidationError(
            _("Il file non è un PDF: caricare il documento in formato PDF."),
            code="document_not_pdf",
        )


class LinkQuerySet(models.QuerySet):
    def published(self):
        """Links the public may see: both of their actors are published."""
        return self.filter(source__is_published=True, target__is_published=True)

    def involving(self, actor):
        """Links from or to ``actor``."""
        return self.filter(Q(source=actor) | Q(target=actor))

    def active_in(self, year):
        """Links known to be active during ``year``: started by its end, not ended before it."""
        return self.filter(since__isnull=False, since__lte=dt.date(year, 12, 31)).filter(
            Q(until__isnull=True) | Q(until__gte=dt.date(year, 1, 1))
        )

    def started_since(self, year):
        """Links that started in ``year`` or later (the «nuovi legami dal <anno>»)."""
        return self.filter(since__gte=dt.date(year, 1, 1))

    def undated(self):
        """Links whose start is not known: year views show them marked «data non nota»."""
        return self.filter(since__isnull=True)

    def documented(self):
        """Links that name their source: an article, a session, a document address or file."""
        return self.exclude(self.model.undocumented_q())

    def undocumented(self):
        """Links recorded without a source (before one was required): «da documentare»."""
        return self.filter(self.model.undocumented_q())

    def overlapping(self, since, until):
        """Links whose period shares at least one day with ``since``–``until`` (None: open)."""
        queryset = self
        if until is not None:
            queryset = queryset.filter(Q(since__isnull=True) | Q(since__lte=until))
        if since is not None:
            queryset = queryset.filter(Q(until__isnull=True) | Q(until__gte=since))
        return queryset


@keep_history()
class Link(VersionedModel):
    """A documented relation between two actors (legame): who works with, funds, refers to whom."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("Partenariato")
        FUNDING = "funding", _("Finanziamento")
        CODESIGN = "codesign", _("Accordo di coprogettazione")
        REFERRAL = "referral", _("Invio di persone")
        MEMBERSHIP = "membership", _("Adesione")
        OTHER = "other", _("Altro")
        # Derived from attendance (``Encounter``), never a Link row: no editor types it.
        ENCOUNTER = "encounter", _("Incontro ai laboratori")

    # The kinds an editor may give a Link row.
    EDITABLE_KINDS = [(value, label) for value, label in Kind.choices if value != "encounter"]

    source = models.ForeignKey(
        "networks.Actor",
        on_delete=models.CASCADE,
        related_name="outgoing_links",
        verbose_name=_("da"),
        help_text=_("Per i legami orientati: chi finanzia, chi invia, chi aderisce."),
    )
    target = models.ForeignKey(
        "networks.Actor",
        on_delete=models.CASCADE,
        related_name="incoming_links",
        verbose_name=_("a"),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    is_directed = models.BooleanField(
        _("orientato"),
        default=False,
        help_text=_(
            "Spuntare quando il legame va in un verso solo (finanziamento, invio di persone, "
            "adesione); lasciare vuoto per partenariati e accordi reciproci."
        ),
    )
    since = models.DateField(
        _("dal"),
        null=True,
        blank=True,
        help_text=_(
            "Senza data d'inizio il legame compare in ogni vista per anno, segnato come "
            "«data non nota»."
        ),
    )
    until = models.DateField(_("al"), null=True, blank=True, help_text=_("Vuoto se è in corso."))
    description = models.TextField(_("descrizione"), blank=True)
    documented_by_article = models.ForeignKey(
        "workshops.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documented_links",
        verbose_name=_("documentato dall'articolo"),
    )
    documented_by_session = models.ForeignKey(
        "workshops.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documented_links",
        verbose_name=_("documentato nella giornata"),
    )
    document_url = models.URLField(
        _("documento"),
        blank=True,
        help_text=_("Il link a un documento pubblico: una delibera, un accordo, un bando."),
    )
    document_file = models.FileField(
        _("documento caricato"),
        upload_to=document_upload_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_document_upload],
        help_text=_(
            "Il documento in PDF, se non è pubblicato altrove: sarà scaricabile dal sito. "
            "Al massimo 20 MB."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "since", "pk"]
        verbose_name = _("legame")
        verbose_name_plural = _("legami")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="link_not_to_itself",
                violation_error_message=_("Un attore non può essere legato a sé stesso."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="encounter"),
                name="link_not_encounter",
                violation_error_message=_(
                    "Gli incontri ai laboratori si calcolano dalle presenze: non si inseriscono "
                    "a mano."
                ),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="link_until_after_since",
                violation_error_message=_("La fine non può precedere l'inizio."),
            ),
            models.UniqueConstraint(
                "source",
                "target",
                "kind",
                Coalesce("since", Value(UNKNOWN_START), output_field=models.DateField()),
                name="link_unique_kind_since",
                violation_error_message=_(
                    "Esiste già un legame di questo tipo tra questi attori con la stessa data "
                    "d'inizio."
                ),
            ),
        ]
        indexes = [models.Index(fields=["since", "until"], name="link_period_idx")]

    def __str__(self):
        arrow = "→" if self.is_directed else "↔"
        return f"{self.source} {arrow} {self.target} ({self.get_kind_display()})"

    @staticmethod
    def undocumented_q():
        """The condition «no source at all», shared by the QuerySet and the admin filter."""
        return Q(
            documented_by_article__isnull=True,
            documented_by_session__isnull=True,
            document_url="",
            document_file="",
        )

    @property
    def has_source(self):
        """Whether the link names where it is documented (public or not yet)."""
        return any(getattr(self, name) for name in ("document_url", "document_file")) or bool(
            self.documented_by_article_id or self.documented_by_session_id
        )

    def _had_source(self):
        """Whether the stored row names a source: a documented link may not lose it."""
        if self._state.adding or self.pk is None:
            return False
        return Link.objects.filter(pk=self.pk).documented().exists()

    def clean(self):
        super().clean()
        errors = {}
        if self.source_id and self.source_id == self.target_id:
            errors["target"] = _("Un attore non può essere legato a sé stesso.")
        if self.kind == self.Kind.ENCOUNTER:
            errors["kind"] = _(
                "Gli incontri ai laboratori si calcolano dalle presenze: non si inseriscono a mano."
            )
        if self.since and self.until and self.until < self.since:
            errors["until"] = _("La fine non può precedere l'inizio.")
        complete = self.source_id and self.target_id and self.kind
        if not errors and complete and self._overlapping_twins().exists():
            errors["since"] = _(
                "Tra questi attori esiste già un legame di questo tipo in un periodo che si "
                "sovrappone: modificare quello invece di aggiungerne un altro."
            )
        # New links need a source; links recorded before the rule stay valid (and can be
        # edited) until an editor documents them, but a documented link may not lose it.
        if not self.has_source and (self._state.adding or self._had_source()):
            errors[NON_FIELD_ERRORS] = _(
                "Indicare la fonte del legame: l'articolo o la giornata che lo documentano, "
                "oppure un documento (indirizzo o file PDF)."
            )
        if errors:
            raise ValidationError(errors)

    def _overlapping_twins(self):
        ends = Q(source_id=self.source_id, target_id=self.target_id)
        if not self.is_directed:
            ends |= Q(source_id=self.target_id, target_id=self.source_id, is_directed=False)
        return (
            Link.objects.filter(ends, kind=self.kind)
            .exclude(pk=self.pk)
            .overlapping(self.since, self.until)
        )

    def other_end(self, actor):
        """The actor at the other end of this link, seen from ``actor``."""
        return self.target if self.source_id == actor.pk else self.source

    def is_active_in(self, year):
        return (
            self.since is not None
            and self.since.year <= year
            and (self.until is None or self.until.year >= year)
        )
