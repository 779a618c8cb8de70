from html.parser import HTMLParser

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from labimpact.search import Query, refresh_search_text, search_text_field
from workshops.images import (
    RandomUploadPath,
    foreign_image_errors,
    strip_image_metadata,
    validate_image_upload,
)
from workshops.models.base import VersionedModel, keep_history

# The file field the editor's image dialog gains: where it uploads, and its texts.
BODY_IMAGE_UPLOAD = {
    "uploadUrl": reverse_lazy("admin:workshops_bodyimage_upload"),
    "mediaUrl": lazy(lambda: settings.MEDIA_URL, str)(),
    "messages": {
        "file": _("Carica dal computer"),
        "help": _(
            "JPEG, PNG o WebP, al massimo 8 MB. L'immagine viene caricata appena scelta, "
            "con il testo alternativo scritto sopra."
        ),
        "altFirst": _("Scrivere prima il testo alternativo, poi scegliere il file."),
        "uploading": _("Caricamento in corso…"),
        "done": _("Immagine caricata."),
        "failed": _("Caricamento non riuscito: riprovare."),
        "foreign": _(
            "Le immagini di altri siti non si vedono sul sito pubblico: scaricare "
            "l'immagine e caricarla con «Carica dal computer»."
        ),
    },
}

# What editors may write in a report body; the same list drives the sanitiser,
# so nothing the editor cannot produce survives to a page.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    # Uploads from the figure dialog (static/js/prose-body-images.js, settings).
    "BodyImageUpload": BODY_IMAGE_UPLOAD,
}


class _ImagesWithoutAlt(HTMLParser):
    """Counts the ``<img>`` tags of an HTML fragment whose ``alt`` is missing or blank."""

    def __init__(self, html):
        super().__init__()
        self.count = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            self.count += 1


def body_image_errors(body):
    """Why the images of a sanitised body cannot be published: no description, another site."""
    errors = foreign_image_errors(body)
    if _ImagesWithoutAlt(body).count:
        errors.insert(
            0,
            ValidationError(
                _(
                    "Ogni immagine nel testo ha bisogno di un testo alternativo che la "
                    "descriva: selezionare l'immagine nell'editor e compilare il testo "
                    "alternativo."
                ),
                code="image_without_alt",
            ),
        )
    return errors


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles the public may see: published, with their publication time come."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def with_related(self):
        """Everything an article card shows, in a fixed number of queries."""
        return self.select_related("session__workshop").prefetch_related("topics")

    def search(self, text, topics=()):
        """Articles whose text matches ``text``, or tagged with one of ``topics``.

        ``text`` is normalised as in labimpact/search.py (apostrophes, accents, joined
        words). On PostgreSQL every word is matched by its Italian stem, on the stored
        column and GIN index of migration 0016; elsewhere as a whole word. Plain queries
        only: phrase and negation queries make PostgreSQL recompute the document of every
        candidate row (two seconds on 5,000 articles), and anyone could send them.
        """
        query = text if isinstance(text, Query) else Query(text)
        match = Q(pk__in=[])
        if query and connections[self.db].vendor == "postgresql":
            found = (
                Article.objects.annotate(document=search_document())
                .filter(document=search_tsquery(query))
                .values("pk")
            )
            match = Q(pk__in=found)
        elif query:
            match = query.q()
        tagged = Article.topics.through.objects.filter(topic__in=topics).values("article_id")
        return self.filter(match | Q(pk__in=tagged))


def search_tsquery(query):
    """The tsquery of ``query``: each term by its stem, or joined to a neighbour."""
    combined = None
    for forms in query.alternatives():
        either = None
        for form in forms:
            part = SearchQuery(form, config="italian", search_type="plain")
            either = part if either is None else either | part
        combined = either if combined is None else combined & either
    return combined


def search_document():
    """The stored tsvector of the article's search text (PostgreSQL only, migration 0016)."""
    # Unqualified, so that inside a subquery it names the subquery's own table.
    return RawSQL('"search_document"', [], output_field=SearchVectorField())


@keep_history()
class Article(VersionedModel):
    """A published text: usually the report of a session (resoconto)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bozza")
        PUBLISHED = "published", _("Pubblicato")

    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    byline = models.CharField(
        _("autore"),
        max_length=255,
        blank=True,
        help_text=_("Come appare dopo «di»: Federica Parenti."),
    )
    status = models.CharField(
        _("stato"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("data di pubblicazione"),
        null=True,
        blank=True,
        help_text=_(
            "Visibile al pubblico solo quando è pubblicato e questa data è arrivata: "
            "una data futura programma l'uscita."
        ),
    )
    summary = models.TextField(
        _("sintesi"), blank=True, help_text=_("Due o tre righe per elenchi, feed e anteprime.")
    )
    body = ProseEditorField(_("testo"), extensions=BODY_EXTENSIONS, sanitize=True, blank=True)
    lead_image = models.ImageField(
        _("immagine principale"),
        upload_to=RandomUploadPath("articles"),
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG o WebP, al massimo 8 MB."),
    )
    lead_image_alt = models.CharField(
        _("testo alternativo dell'immagine"),
        max_length=255,
        blank=True,
        help_text=_("Descrive l'immagine a chi non la vede. Obbligatorio se c'è un'immagine."),
    )
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="articles", verbose_name=_("aree di interesse")
    )
    speakers = models.ManyToManyField(
        "workshops.Speaker",
        blank=True,
        related_name="mentioned_in",
        verbose_name=_("persone citate"),
        help_text=_(
            "Le persone di cui parla l'articolo: lo trovano nella loro scheda, sotto «Citato in», "
            "e la loro scheda diventa pubblica con l'articolo."
        ),
    )
    session = models.ForeignKey(
        "workshops.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("giornata"),
        help_text=_("La giornata di cui l'articolo è il resoconto, se lo è."),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("title", "summary", "body", "byline")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("articolo")
        verbose_name_plural = _("articoli")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]
        indexes = [
            # The public order (published(), newest first, pk as tie-break): deep pages of
            # the report list walk this index instead of sorting every published article.
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_public_order_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whatever path the text came by (admin, shell, import), only sanitised HTML is stored.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        strip_image_metadata(self.lead_image)
        refresh_search_text(self, self.SEARCH_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_at:
            errors["published_at"] = _(
                "Un articolo pubblicato ha bisogno di una data di pubblicazione."
            )
        if self.lead_image and not self.lead_image_alt.strip():
            errors["lead_image_alt"] = _(
                "Descrivere l'immagine: il testo alternativo è obbligatorio."
            )
        body = self._meta.get_field("body").sanitize(self.body or "")
        if body_errors := body_image_errors(body):
            errors["body"] = body_errors
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
