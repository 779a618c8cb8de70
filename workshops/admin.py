from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media
from reversion.admin import VersionAdmin
from sorl.thumbnail import get_thumbnail

from workshops import services
from workshops.models import Article, Session, SessionSpeaker, Speaker, Topic, Workshop


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


class PublishActionsMixin:
    """Publish/unpublish actions for models with an ``is_published`` flag."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Pubblica gli elementi selezionati"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        self.message_user(
            request, ngettext("%d elemento pubblicato.", "%d elementi pubblicati.", count) % count
        )

    @admin.action(description=_("Ritira dalla pubblicazione"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(
            request, ngettext("%d elemento ritirato.", "%d elementi ritirati.", count) % count
        )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "aliases"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "description"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.TabularInline):
    model = Session
    fields = ["number", "title", "slug", "starts_at", "ends_at", "is_cancelled", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(PublishActionsMixin, admin.ModelAdmin):
    list_display = ["number", "title", "is_published", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = ["is_published", "topics"]
    search_fields = ["title", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [SessionInline]


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    fields = ["order", "speaker", "role", "talk_title"]
    autocomplete_fields = ["speaker"]
    extra = 1


@admin.register(Session)
class SessionAdmin(PublishActionsMixin, admin.ModelAdmin):
    list_display = ["__str__", "workshop", "starts_at", "venue", "is_cancelled", "is_published"]
    list_filter = ["is_published", "is_cancelled", "workshop", "topics"]
    list_select_related = ["workshop"]
    search_fields = ["title", "description", "venue", "workshop__title"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["workshop", "topics"]
    inlines = [SessionSpeakerInline]
    fieldsets = [
        (None, {"fields": ["workshop", "number", "title", "slug", "description", "topics"]}),
        (
            _("Quando e dove"),
            {"fields": ["starts_at", "ends_at", "venue", "address", "online_url"]},
        ),
        (_("Stato"), {"fields": ["is_published", "is_cancelled"]}),
    ]


class SpeakerAdminForm(forms.ModelForm):
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
        ]
        help_texts = {
            "photo": _(
                "JPEG, PNG o WebP, al massimo 8 MB. Sul sito la foto è descritta a chi non "
                "la vede come «Foto di» seguito da nome e cognome: caricare un ritratto."
            )
        }


@admin.register(Speaker)
class SpeakerAdmin(PublishActionsMixin, admin.ModelAdmin):
    form = SpeakerAdminForm
    list_display = ["photo_thumbnail", "__str__", "organisation", "is_published"]
    list_display_links = ["photo_thumbnail", "__str__"]
    list_filter = ["is_published", "honorific"]
    search_fields = ["first_name", "last_name", "organisation", "role"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}

    @admin.display(description=_("foto"))
    def photo_thumbnail(self, obj):
        return thumbnail(obj.photo, alt=obj.photo_alt)


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
            "session",
            "topics",
            "status",
            "published_at",
        ]
        widgets = {"version": forms.HiddenInput}


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = ["lead_thumbnail", "title", "status", "published_at", "session", "byline"]
    list_display_links = ["lead_thumbnail", "title"]
    list_filter = ["status", "topics", "session__workshop"]
    list_select_related = ["session__workshop"]
    search_fields = ["title", "summary", "body", "byline"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["session", "topics"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "byline", "summary", "body", "version"]}),
        (_("Immagine"), {"fields": ["lead_image", "lead_image_alt"]}),
        (_("Collegamenti"), {"fields": ["session", "topics"]}),
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

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.live_article_version = (
            Article.objects.filter(pk=object_id).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        live_version = getattr(request, "live_article_version", None)
        if article is not None and live_version is not None:
            # Restoring a revision rewrites the row from the stored copy; the version
            # counter must stay the live one, so concurrent edits are still detected.
            Article.objects.filter(pk=article.pk).update(version=live_version)
            article.version = live_version
        return article

    def reversion_register(self, model, **options):
        # The version counter guards concurrent saves; restoring an old revision must not
        # bring back an old counter, or the restore itself would look like a stale edit.
        options["exclude"] = ("version",)
        super().reversion_register(model, **options)

    @admin.display(description=_("immagine"))
    def lead_thumbnail(self, obj):
        return thumbnail(obj.lead_image, alt=obj.lead_image_alt)

    @admin.action(description=_("Pubblica gli articoli selezionati"), permissions=["change"])
    def publish(self, request, queryset):
        self._apply(request, queryset, services.article_publish, _("pubblicato"))

    @admin.action(description=_("Riporta in bozza"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._apply(request, queryset, services.article_unpublish, _("riportato in bozza"))

    def _apply(self, request, queryset, service, done):
        for article in queryset:
            try:
                service(article=article, user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"«{article}»: {' '.join(error.messages)}", level=messages.ERROR
                )
            else:
                self.message_user(request, f"«{article}»: {done}.")
