import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labimpact.search import refresh_search_text, search_text_field
from workshops.models.base import VersionedModel, keep_history


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        """Workshops the public may see."""
        return self.filter(is_published=True)


@keep_history(follow=["sessions"])
class Workshop(VersionedModel):
    """A numbered cycle of sessions on one theme (laboratorio)."""

    number = models.PositiveSmallIntegerField(
        _("numero"), unique=True, help_text=_("Il numero d'ordine: 3 per il terzo laboratorio.")
    )
    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(
        _("sintesi"), blank=True, help_text=_("Una o due frasi per elenchi e anteprime.")
    )
    description = models.TextField(_("descrizione"), blank=True)
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="workshops", verbose_name=_("aree di interesse")
    )
    is_published = models.BooleanField(
        _("pubblicato"),
        default=False,
        help_text=_(
            "Spuntare per mostrare il laboratorio al pubblico: finché non è spuntato, "
            "anche le sue giornate restano nascoste."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("laboratorio")
        verbose_name_plural = _("laboratori")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="workshop_number_positive"),
        ]

    def __str__(self):
        return _("%(number)s° laboratorio: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return reverse("workshops:workshop_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.is_published


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions the public may see: published, in a published workshop."""
        return self.filter(is_published=True, workshop__is_published=True)

    def dated(self):
        """Sessions whose day is known: the only ones a calendar file can hold."""
        return self.filter(date__isnull=False)

    def undated(self):
        """Sessions announced with their date still to be set («da definire»)."""
        return self.filter(date__isnull=True)

    def upcoming(self, now=None):
        """Sessions not yet over, soonest first, then those whose date is still to be set."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(date__isnull=True)).order_by(
            F("starts_at").asc(nulls_last=True), "number", "pk"
        )

    def past(self, now=None):
        """Sessions already over, most recent first (an undated session is never past)."""
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def overlapping(self, start, end):
        """Sessions taking place, even in part, between ``start`` and ``end``, in order."""
        return self.filter(starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "pk")

    def months(self):
        """The first day of every month in which these sessions take place, in order.

        A session over several days counts in each month it touches, as the month grid
        shows it there; undated sessions count nowhere.
        """
        months = set()
        # One query; a few hundred rows at most for a programme of this kind.
        for first, last in self.dated().order_by().values_list("date", "end_date").distinct():
            month = first.replace(day=1)
            while month <= (last or first):
                months.add(month)
                month = (month + dt.timedelta(days=32)).replace(day=1)
        return sorted(months)

    def with_reports(self):
        """Each session's published reports, as ``public_reports``, in one query."""
        from workshops.models.articles import Article

        return self.prefetch_related(
            models.Prefetch(
                "reports", queryset=Article.objects.published(), to_attr="public_reports"
            )
        )

    def with_related(self):
        """Everything a session card shows but its reports, in a fixed number of queries."""
        return self.select_related("workshop").prefetch_related(
            "topics",
            models.Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").filter(
                    speaker__is_published=True
                ),
            ),
        )

    def for_cards(self):
        """Everything a session card shows, its published reports included."""
        return self.with_related().with_reports()


def _local(day, time):
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


@keep_history(follow=["session_speakers"])
class Session(VersionedModel):
    """One numbered day of a workshop (giornata), at a place, online, or both.

    Its date and its times may still be unknown («da definire»): nothing is invented
    for them. ``starts_at`` and ``ends_at`` are derived for ordering and querying.
    """

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("laboratorio")
    )
    number = models.PositiveSmallIntegerField(
        _("numero"), help_text=_("Numero della giornata nel laboratorio: 4 si legge «4° giornata».")
    )
    title = models.CharField(
        _("titolo"),
        max_length=255,
        blank=True,
        help_text=_("Facoltativo: senza titolo la giornata si chiama «4° giornata»."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        blank=True,
        help_text=_(
            "Unico all'interno del laboratorio. Se resta vuoto diventa «giornata-4» "
            "(con il numero della giornata)."
        ),
    )
    date = models.DateField(
        _("data"),
        null=True,
        blank=True,
        help_text=_(
            "Lasciare vuota se la data non è ancora nota: il sito scrive «Data da definire»."
        ),
    )
    start_time = models.TimeField(
        _("ora di inizio"),
        null=True,
        blank=True,
        help_text=_(
            "Ora italiana. Lasciare vuota se l'orario non è noto: il sito scrive «Orario da "
            "definire» e il calendario la segna come evento di un giorno intero."
        ),
    )
    end_date = models.DateField(
        _("ultimo giorno"),
        null=True,
        blank=True,
        help_text=_("Solo se la giornata dura più giorni: il giorno in cui finisce."),
    )
    end_time = models.TimeField(
        _("ora di fine"),
        null=True,
        blank=True,
        help_text=_("Facoltativa; solo con l'ora di inizio."),
    )
    starts_at = models.DateTimeField(
        _("inizio"),
        null=True,
        editable=False,
        help_text=_("Calcolato da data e ora di inizio (mezzanotte se l'orario non è noto)."),
    )
    ends_at = models.DateTimeField(
        _("fine"),
        null=True,
        editable=False,
        help_text=_("Calcolato dall'ultimo giorno e dall'ora di fine (fine giornata se non nota)."),
    )
    venue = models.CharField(
        _("luogo"),
        max_length=255,
        blank=True,
        help_text=_("Per esempio: Sala Consiglio, ANCI Lombardia."),
    )
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)
    online_url = models.URLField(
        _("collegamento online"),
        blank=True,
        help_text=_("Il link per partecipare a distanza, se c'è."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    topics = models.ManyToManyField(
        "workshops.Topic", blank=True, related_name="sessions", verbose_name=_("aree di interesse")
    )
    speakers = models.ManyToManyField(
        "workshops.Speaker",
        through="workshops.SessionSpeaker",
        blank=True,
        related_name="sessions",
        verbose_name=_("relatori"),
    )
    is_cancelled = models.BooleanField(
        _("annullata"),
        default=False,
        help_text=_(
            "Spuntare se la giornata non si tiene più: resta in calendario, segnata come annullata."
        ),
    )
    is_published = models.BooleanField(
        _("pubblicata"),
        default=False,
        help_text=_(
            "Spuntare per mostrare la giornata al pubblico (se anche il suo laboratorio è "
            "pubblicato)."
        ),
    )
    sequence = models.PositiveIntegerField(
        _("revisione"),
        default=0,
        editable=False,
        help_text=_(
            "Sale da sola quando cambiano data, ora, luogo o stato: così i calendari "
            "degli iscritti aggiornano l'appuntamento."
        ),
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)
    search_text = search_text_field()

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = [F("starts_at").asc(nulls_last=True), "number", "pk"]
        verbose_name = _("giornata")
        verbose_name_plural = _("giornate")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"], name="session_number_unique_per_workshop"
            ),
            models.UniqueConstraint(
                fields=["workshop", "slug"], name="session_slug_unique_per_workshop"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True) | Q(date__isnull=False),
                name="session_time_needs_date",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(date__isnull=False) & Q(end_date__gt=F("date"))),
                name="session_end_date_after_date",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="session_end_time_needs_start_time",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(end_date__isnull=False)
                | Q(end_time__gt=F("start_time")),
                name="session_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at_idx")]

    SEARCH_FIELDS = ("title", "description", "venue", "address")
    # A change to any of these is news for a participant's calendar (RFC 5545 SEQUENCE).
    SCHEDULE_FIELDS = (
        "date",
        "start_time",
        "end_date",
        "end_time",
        "venue",
        "address",
        "online_url",
        "is_cancelled",
    )

    def __str__(self):
        if not self.title:
            return str(self.ordinal)
        return _("%(number)s° giornata: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def ordinal(self):
        """«4° giornata»: the session's place in its workshop."""
        return _("%(number)s° giornata") % {"number": self.number}

    @property
    def display_title(self):
        """The title, or «4° giornata» for a session that has none."""
        return self.title or self.ordinal

    def save(self, *args, **kwargs):
        self.derive_schedule()
        if not self.slug:
            self.slug = self.default_slug()
        # Calendar apps only take an updated event whose SEQUENCE has risen.
        self.schedule_changed = False
        if self.pk is not None:
            stored = (
                Session.objects.filter(pk=self.pk).values("sequence", *self.SCHEDULE_FIELDS).first()
            )
            if stored and any(stored[name] != getattr(self, name) for name in self.SCHEDULE_FIELDS):
                # Read by the registrations' post_save receiver: people to tell.
                self.schedule_changed = True
                self.sequence = max(self.sequence, stored["sequence"]) + 1
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SCHEDULE_FIELDS):
            kwargs["update_fields"] = {*update_fields, "starts_at", "ends_at"}
        refresh_search_text(self, self.SEARCH_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def default_slug(self):
        return f"giornata-{self.number}"

    def derive_schedule(self):
        """Set ``starts_at`` and ``ends_at`` from the day and times the editor knows.

        An unknown time counts as the whole day, so that the session stays «upcoming»
        until its day is over; an unknown date leaves both empty.
        """
        if self.date is None:
            self.starts_at = self.ends_at = None
            return
        self.starts_at = _local(self.date, self.start_time or dt.time())
        if self.end_time is not None:
            self.ends_at = _local(self.last_date, self.end_time)
        else:
            self.ends_at = _local(self.last_date + dt.timedelta(days=1), dt.time())

    def get_absolute_url(self):
        return reverse(
            "workshops:session_detail",
            kwargs={"workshop_slug": self.workshop.slug, "slug": self.slug},
        )

    def clean(self):
        if not self.slug and self.number:
            self.slug = self.default_slug()
        super().clean()
        errors = {}
        if self.date is None:
            if self.start_time is not None:
                errors["start_time"] = _("Un orario senza data non si può indicare.")
            if self.end_date is not None:
                errors["end_date"] = _("Indicare prima la data della giornata.")
        elif self.end_date is not None and self.end_date <= self.date:
            errors["end_date"] = _(
                "L'ultimo giorno deve venire dopo la data; per una giornata di un solo "
                "giorno lasciarlo vuoto."
            )
        if self.end_time is not None:
            if self.start_time is None:
                errors["end_time"] = _("Indicare anche l'ora di inizio, o lasciare vuote entrambe.")
            elif self.end_date is None and self.end_time <= self.start_time:
                errors["end_time"] = _("La fine deve essere successiva all'inizio.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.is_published and self.workshop.is_published

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def has_date(self):
        return self.date is not None

    @property
    def has_time(self):
        return self.start_time is not None

    @property
    def last_date(self):
        """The day the session ends: its date unless it lasts several days."""
        return self.end_date or self.date

    @property
    def is_past(self):
        """Over: its end (or the end of its day, time unknown) has gone by."""
        if self.date is None:
            return False
        if self.ends_at is None:
            self.derive_schedule()
        return self.ends_at < timezone.now()

    @property
    def availability(self):
        """The places the page shows, or None when the session takes no registrations."""
        try:
            registration_settings = self.registration_settings
        except models.ObjectDoesNotExist:
            return None
        return registration_settings.availability()

    @property
    def shows_join_link(self):
        """Whether to offer the online link: never for a past or cancelled session."""
        return bool(self.online_url) and not self.is_cancelled and not self.is_past


@keep_history()
class SessionSpeaker(VersionedModel):
    """A speaker's part in a session, in the order the programme lists them."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Relatore/relatrice")
        MODERATOR = "moderator", _("Moderatore/moderatrice")
        TRAINER = "trainer", _("Formatore/formatrice")
        WITNESS = "witness", _("Testimonianza")
        GREETINGS = "greetings", _("Saluti istituzionali")
        COORDINATION = "coordination", _("Coordinamento")
        VIDEO = "video", _("Contributo video")

    # How each part reads for a man, for a woman, and when the honorific does not say.
    ROLE_LABELS = {
        Role.SPEAKER: (_("Relatore"), _("Relatrice"), _("Intervento")),
        Role.MODERATOR: (_("Moderatore"), _("Moderatrice"), _("Moderazione")),
        Role.TRAINER: (_("Formatore"), _("Formatrice"), _("Formazione")),
        Role.WITNESS: (_("Testimonianza"),) * 3,
        Role.GREETINGS: (_("Saluti istituzionali"),) * 3,
        Role.COORDINATION: (_("Coordinamento"),) * 3,
        Role.VIDEO: (_("Contributo video"),) * 3,
    }

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="session_speakers",
        verbose_name=_("giornata"),
    )
    speaker = models.ForeignKey(
        "workshops.Speaker",
        on_delete=models.CASCADE,
        related_name="session_speakers",
        verbose_name=_("relatore"),
    )
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    talk_title = models.CharField(_("titolo dell'intervento"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("intervento")
        verbose_name_plural = _("interventi")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="session_speaker_unique"),
        ]

    def __str__(self):
        return f"{self.speaker} – {self.session}"

    @property
    def role_label(self):
        """The part as the page reads it, in the speaker's grammatical gender if known.

        «Relatrice» for a dott.ssa, «Relatore» for a dott., «Intervento» when the
        honorific does not tell (none, ing., avv.).
        """
        masculine, feminine, neutral = self.ROLE_LABELS.get(
            self.role, (self.get_role_display(),) * 3
        )
        gender = self.speaker.grammatical_gender
        if gender == self.speaker.FEMININE:
            return feminine
        if gender == self.speaker.MASCULINE:
            return masculine
        return neutral
