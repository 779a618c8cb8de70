"""The editors' admin: every model they touch keeps its history and refuses stale saves."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media
from sorl.thumbnail import get_thumbnail

from labimpact.admin_italian import Gender
from workshops import services
from workshops.admin import bodyimages  # noqa: F401  (registers the body images' admin)
from workshops.admin.editing import EditorAdmin, PublishActionsMixin, VersionedInlineMixin
from workshops.admin.registrations import RegistrationSettingsInline, open_registration
from workshops.models import (
    Article,
    Page,
    Registration,
    Section,
    Session,
    SessionSpeaker,
    SiteSettings,
    Speaker,
    Term,
    Topic,
    Workshop,
)

__all__ = [
    "ArticleAdmin",
    "ArticleAdminForm",
    "EditorAdmin",
    "PublishActionsMixin",
    "SpeakerAdmin",
    "SpeakerAdminForm",
    "VersionedInlineMixin",
    "thumbnail",
]


def thumbnail(image, alt=""):
    if not image:
        return "—"
    try:
        thumb = get_thumbnail(image, "80x80", crop="center", quality=85)
    except (OSError, ValueError):
        return _("immagine non leggibile")
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}">', thumb.url, thumb.width, thumb.height, alt
    )


@admin.register(Topic)
class TopicAdmin(EditorAdmin):
    gender = Gender.FEMININE
    list_display = ["name", "kind", "aliases"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "description"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(VersionedInlineMixin, admin.TabularInline):
    gender = Gender.FEMININE
    model = Session
    fields = [
        "number",
        "title",
        "slug",
        "date",
        "start_time",
        "end_time",
        "place",
        "speaker_names",
        "is_cancelled",
        "is_published",
    ]
    readonly_fields = ["place", "speaker_names"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("session_speakers__speaker")

    @admin.display(description=_("luogo"))
    def place(self, obj):
        parts = [part for part in (obj.venue, obj.address) if part]
        if obj.online_url:
            parts.append(_("online"))
        return ", ".join(str(part) for part in parts) or "—"

    @admin.display(description=_("relatori"))
    def speaker_names(self, obj):
        if obj.pk is None:
            return "—"
        return ", ".join(part.speaker.display_name for part in obj.session_speakers.all()) or "—"


@admin.register(Workshop)
class WorkshopAdmin(PublishActionsMixin, EditorAdmin):
    gender = Gender.MASCULINE
    list_display = ["number", "title", "is_published", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = ["is_published", "topics"]
    search_fields = ["title", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [SessionInline]
    actions = [*PublishActionsMixin.actions, open_registration]
    publish_service = staticmethod(services.workshop_publish)
    withdraw_service = staticmethod(services.workshop_withdraw)


class SessionSpeakerInline(VersionedInlineMixin, admin.TabularInline):
    gender = Gender.MASCULINE
    model = SessionSpeaker
    fields = ["order", "speaker", "role", "talk_title"]
    autocomplete_fields = ["speaker"]
    extra = 1


@admin.register(Session)
class SessionAdmin(PublishActionsMixin, EditorAdmin):
    gender = Gender.FEMININE
    list_display = ["__str__", "workshop", "when", "venue", "is_cancelled", "is_published"]
    list_filter = ["is_published", "is_cancelled", "workshop", "topics"]
    list_select_related = ["workshop"]
    search_fields = ["title", "description", "venue", "workshop__title"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["workshop", "topics"]
    inlines = [SessionSpeakerInline, RegistrationSettingsInline]
    publish_service = staticmethod(services.session_publish)
    withdraw_service = staticmethod(services.session_withdraw)

    @admin.display(description=_("quando"), ordering="starts_at")
    def when(self, obj):
        if obj.date is None:
            return _("Data da definire")
        if obj.start_time is None:
            return _("%(date)s, orario da definire") % {"date": date_format(obj.date)}
        return f"{date_format(obj.date)} {time_format(obj.start_time)}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.told_of_change = 0
        if change and obj.schedule_changed and not obj.is_past:
            obj.told_of_change = Registration.objects.filter(
                session=obj,
                state__in=[Registration.State.CONFIRMED, Registration.State.WAITING],
            ).count()

    def response_change(self, request, obj):
        # After the admin's own «… è stata modificata», which the editor reads first.
        response = super().response_change(request, obj)
        told = getattr(obj, "told_of_change", 0)
        if told:
            message = ngettext(
                "%(count)d persona iscritta riceve un'e-mail con il cambiamento.",
                "%(count)d persone iscritte ricevono un'e-mail con il cambiamento.",
                told,
            )
            self.message_user(request, message % {"count": told})
        return response

    fieldsets = [
        (None, {"fields": ["workshop", "number", "title", "slug", "description", "topics"]}),
        (
            _("Quando e dove"),
            {
                "description": _(
                    "Se cambi giorno, orario o luogo, o annulli la giornata, chi è iscritto "
                    "(o in lista d'attesa) riceve un'e-mail con il cambiamento."
                ),
                "fields": [
                    "date",
                    ("start_time", "end_time"),
                    "end_date",
                    "venue",
                    "address",
                    "online_url",
                ],
            },
        ),
        (_("Stato"), {"fields": ["is_published", "is_cancelled"]}),
    ]


def _speaker_links(speakers):
    """Links to the admin pages of ``speakers``, by name and organisation."""
    return format_html_join(
        ", ",
        '<a href="{}" target="_blank">{}</a>{}',
        (
            (
                reverse("admin:workshops_speaker_change", args=[speaker.pk]),
                speaker.display_name,
                f" ({speaker.organisation})" if speaker.organisation else "",
            )
            for speaker in speakers
        ),
    )


class SpeakerAdminForm(forms.ModelForm):
    """A person's card, warning before a second card for the same person is made.

    A name equal to an existing one but for case, accents, spaces and apostrophes
    («DeAloe», «De Aloe») blocks the save until the editor ticks that it is another person.
    """

    is_other_person = forms.BooleanField(
        label=_("È un'altra persona: salva comunque"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Speaker
        fields = [
            "honorific",
            "first_name",
            "last_name",
            "slug",
            "role",
            "organisation",
            "bio",
            "photo",
            "website",
            "is_published",
            "version",
        ]
        help_texts = {
            "photo": _(
                "JPEG, PNG o WebP, al massimo 8 MB. Sul sito la foto è descritta a chi non "
                "la vede come «Foto di» seguito da nome e cognome: caricare un ritratto."
            )
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        clash = Speaker.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash:
            raise ValidationError(
                format_html(
                    _(
                        "Questo indirizzo è già della scheda di {person}. Se è la stessa "
                        "persona, aprire quella scheda invece di crearne una nuova; se è "
                        "un'altra persona, cambiare lo slug (per esempio aggiungendo un numero)."
                    ),
                    person=_speaker_links(clash),
                ),
                code="unique",
            )
        return slug

    def clean(self):
        cleaned_data = super().clean()
        name = f"{cleaned_data.get('first_name', '')} {cleaned_data.get('last_name', '')}"
        similar = Speaker.objects.similar_to(name).exclude(pk=self.instance.pk)
        if similar and not cleaned_data.get("is_other_person"):
            self.fields["is_other_person"].widget = forms.CheckboxInput()
            self.add_error(
                "is_other_person",
                format_html(
                    _(
                        "C'è già una scheda con questo nome: {people}. Se è la stessa persona, "
                        "aprire quella scheda invece di crearne una nuova; se è un'altra "
                        "persona, spuntare la casella qui sotto e salvare."
                    ),
                    people=_speaker_links(similar),
                ),
            )
        return cleaned_data


@admin.register(Speaker)
class SpeakerAdmin(PublishActionsMixin, EditorAdmin):
    gender = Gender.MASCULINE
    form = SpeakerAdminForm
    list_display = ["photo_thumbnail", "__str__", "organisation", "is_published", "is_on_site"]
    list_display_links = ["photo_thumbnail", "__str__"]
    list_filter = ["is_published", "honorific"]
    search_fields = ["first_name", "last_name", "organisation", "role"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "honorific",
                    "first_name",
                    "last_name",
                    "is_other_person",
                    "slug",
                    "role",
                    "organisation",
                    "bio",
                    "photo",
                    "website",
                ]
            },
        ),
        (_("Stato"), {"fields": ["is_published"]}),
    ]
    publish_service = staticmethod(services.speaker_publish)
    withdraw_service = staticmethod(services.speaker_withdraw)

    def get_queryset(self, request):
        return super().get_queryset(request).with_public_mention()

    @admin.display(description=_("foto"))
    def photo_thumbnail(self, obj):
        return thumbnail(obj.photo, alt=obj.photo_alt)

    @admin.display(description=_("sul sito"), boolean=True)
    def is_on_site(self, obj):
        """Published and named by a published session or article: the page exists."""
        return obj.is_public


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "byline",
            "summary",
            "body",
            "version",
            "lead_image",
            "lead_image_alt",
            "section",
            "workshops",
            "sessions",
            "speakers",
            "topics",
            "source_name",
            "source_url",
            "status",
            "published_at",
        ]
        widgets = {"version": forms.HiddenInput}


class ArticleWorkshopFilter(admin.SimpleListFilter):
    """The articles about a workshop, directly or through one of its sessions."""

    title = _("laboratorio")
    parameter_name = "workshop"

    def lookups(self, request, model_admin):
        return [(w.pk, str(w)) for w in Workshop.objects.order_by("number")]

    def queryset(self, request, queryset):
        if self.value():
            workshop = Workshop.objects.filter(pk=self.value()).first()
            return queryset.about_workshop(workshop) if workshop else queryset.none()
        return queryset


@admin.register(Article)
class ArticleAdmin(PublishActionsMixin, EditorAdmin):
    gender = Gender.MASCULINE
    form = ArticleAdminForm
    list_display = ["lead_thumbnail", "title", "section", "status_label", "published_at", "byline"]
    list_display_links = ["lead_thumbnail", "title"]
    list_filter = ["status", "section", ArticleWorkshopFilter, "topics"]
    list_select_related = ["section"]
    search_fields = ["title", "summary", "body", "byline", "source_name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["workshops", "sessions", "speakers", "topics"]
    publish_service = staticmethod(services.article_publish)
    withdraw_service = staticmethod(services.article_unpublish)
    fieldsets = [
        (None, {"fields": ["section", "title", "slug", "byline", "summary", "body", "version"]}),
        (_("Immagine"), {"fields": ["lead_image", "lead_image_alt"]}),
        (_("Collegamenti"), {"fields": ["workshops", "sessions", "speakers", "topics"]}),
        (
            _("Fonte originale"),
            {
                "fields": ["source_name", "source_url"],
                "description": _("Se il testo riprende quello di un altro sito o ente."),
            },
        ),
        (
            _("Pubblicazione"),
            {
                "fields": ["status", "published_at"],
                "description": _(
                    "Un articolo è visibile al pubblico solo se è «Pubblicato» e la data "
                    "di pubblicazione è arrivata. Le bozze si vedono in anteprima dal sito, "
                    "solo da chi è collegato come redattore."
                ),
            },
        ),
    ]

    def render_change_form(self, request, context, *args, **kwargs):
        # The body editor loads its modules through an import map, an inline script:
        # the CSP lets it run only with this response's nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_changeform_initial_data(self, request):
        # Most of what editors write are session reports.
        initial = super().get_changeform_initial_data(request)
        report = Section.objects.filter(slug="resoconto").first()
        if report is not None:
            initial.setdefault("section", report.pk)
        return initial

    @admin.display(description=_("stato"), ordering="status")
    def status_label(self, obj):
        """«Programmato per …» for a published article whose time has not come yet."""
        if obj.status == Article.Status.PUBLISHED and obj.published_at and not obj.is_public:
            when = date_format(timezone.localtime(obj.published_at), "j E Y, H:i")
            return _("Programmato per %(when)s") % {"when": when}
        return obj.get_status_display()

    @admin.display(description=_("immagine"))
    def lead_thumbnail(self, obj):
        return thumbnail(obj.lead_image, alt=obj.lead_image_alt)

    @admin.action(description=_("Pubblica gli articoli selezionati"), permissions=["change"])
    def publish(self, request, queryset):
        count = self.apply_service(request, queryset, self.publish_service, _("Pubblicato"))
        self.message_user(
            request, ngettext("%d articolo pubblicato.", "%d articoli pubblicati.", count) % count
        )

    @admin.action(description=_("Riporta in bozza"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self.apply_service(
            request, queryset, self.withdraw_service, _("Riportato in bozza")
        )
        self.message_user(
            request,
            ngettext("%d articolo riportato in bozza.", "%d articoli riportati in bozza.", count)
            % count,
        )


@admin.register(Section)
class SectionAdmin(EditorAdmin):
    gender = Gender.FEMININE
    list_display = ["name", "kicker", "slug"]
    search_fields = ["name", "kicker"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Page)
class PageAdmin(EditorAdmin):
    """The accessibility and privacy pages: editors write the text, the code owns the rest."""

    gender = Gender.FEMININE
    list_display = ["title", "kind", "updated_at"]
    fields = ["kind", "title", "body", "version"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, *args, **kwargs):
        # The body editor loads its modules through an import map, an inline script.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(SiteSettings)
class SiteSettingsAdmin(EditorAdmin):
    """The one settings page: the list opens it, nobody adds or deletes it."""

    gender = Gender.FEMININE_PLURAL

    fieldsets = [
        (None, {"fields": ["public_url"]}),
        (
            _("Contatti e privacy"),
            {"fields": ["contact_email", "data_controller", "data_protection_officer"]},
        ),
        (
            _("Dichiarazione di accessibilità"),
            {"fields": ["accessibility_prepared_on", "accessibility_reviewed_on"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        settings_row, _created = SiteSettings.objects.get_or_create(pk=SiteSettings.SINGLETON_PK)
        return redirect(reverse("admin:workshops_sitesettings_change", args=[settings_row.pk]))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if settings.SITE_URL and "public_url" in form.base_fields:
            field = form.base_fields["public_url"]
            field.disabled = True
            field.help_text = _(
                "Il server impone l'indirizzo %(url)s (variabile SITE_URL): "
                "questo campo non ha effetto finché è impostata."
            ) % {"url": settings.SITE_URL}
        return form


@admin.register(Term)
class TermAdmin(PublishActionsMixin, EditorAdmin):
    """The glossary: what the programme's words and acronyms mean, for the public."""

    gender = Gender.FEMININE
    list_display = ["term", "kind", "expansion", "topic", "is_published", "updated_at"]
    list_filter = ["is_published", "kind", "topic"]
    list_select_related = ["topic"]
    search_fields = ["term", "expansion", "aliases", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["topic", "related_terms"]
    publish_service = staticmethod(services.term_publish)
    withdraw_service = staticmethod(services.term_withdraw)
    fieldsets = [
        (None, {"fields": ["term", "slug", "kind", "expansion", "aliases", "definition"]}),
        (_("Collegamenti"), {"fields": ["topic", "related_terms", "link_url", "link_label"]}),
        (_("Stato"), {"fields": ["is_published"]}),
    ]
