from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from labimpact.admin_italian import Gender, GenderedInlineMixin
from networks import services
from networks.models import Actor, Link, Membership, Network
from workshops.admin import (
    ArticleAdmin,
    ArticleAdminForm,
    EditorAdmin,
    PublishActionsMixin,
    SpeakerAdmin,
    SpeakerAdminForm,
    VersionedInlineMixin,
    thumbnail,
)
from workshops.models import Article, Speaker


class OutgoingLinkInline(VersionedInlineMixin, admin.StackedInline):
    gender = Gender.MASCULINE
    model = Link
    fk_name = "source"
    fields = [
        ("target", "kind", "is_directed"),
        ("since", "until"),
        "description",
        ("documented_by_article", "documented_by_session", "document_url"),
    ]
    autocomplete_fields = ["target", "documented_by_article", "documented_by_session"]
    verbose_name = _("legame in uscita")
    verbose_name_plural = _("legami in uscita (da questo attore verso altri)")
    extra = 0


class MembershipOfActorInline(VersionedInlineMixin, admin.TabularInline):
    gender = Gender.MASCULINE
    model = Membership
    fields = ["network", "role", "since", "until"]
    autocomplete_fields = ["network"]
    extra = 0


@admin.register(Actor)
class ActorAdmin(PublishActionsMixin, EditorAdmin):
    gender = Gender.MASCULINE
    list_display = [
        "logo_thumbnail",
        "name",
        "kind",
        "municipality",
        "province",
        "is_published",
        "updated_at",
    ]
    list_display_links = ["logo_thumbnail", "name"]
    list_filter = ["is_published", "kind", "province", "topics"]
    search_fields = ["name", "aliases", "municipality", "ambito"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["topics", "people", "mentioned_in"]
    inlines = [OutgoingLinkInline, MembershipOfActorInline]
    publish_service = staticmethod(services.actor_publish)
    withdraw_service = staticmethod(services.actor_withdraw)
    readonly_fields = ["incoming_links_list"]
    fieldsets = [
        (None, {"fields": ["name", "aliases", "slug", "kind", "description"]}),
        (_("Dove"), {"fields": ["municipality", "province", "ambito", "website", "logo"]}),
        (_("Collegamenti"), {"fields": ["topics", "people", "mentioned_in"]}),
        (_("Legami in entrata"), {"fields": ["incoming_links_list"]}),
        (_("Stato"), {"fields": ["is_published"]}),
    ]

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return thumbnail(obj.logo, alt=obj.name)

    @admin.display(description=_("legami da altri attori"))
    def incoming_links_list(self, obj):
        links = obj.incoming_links.select_related("source") if obj.pk else []
        if not links:
            return "—"
        return format_html_join(
            "",
            "<div>{} · {}</div>",
            ((link.source.name, link.get_kind_display()) for link in links),
        )

    def view_on_site(self, obj):
        return obj.get_absolute_url() or None


class MembershipInline(VersionedInlineMixin, admin.TabularInline):
    gender = Gender.MASCULINE
    model = Membership
    fields = ["actor", "role", "since", "until"]
    autocomplete_fields = ["actor"]
    extra = 1


@admin.register(Network)
class NetworkAdmin(PublishActionsMixin, EditorAdmin):
    gender = Gender.FEMININE
    list_display = ["name", "level", "territory", "lead", "is_published", "updated_at"]
    list_filter = ["is_published", "level", "topics"]
    list_select_related = ["lead"]
    search_fields = ["name", "territory", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead", "topics"]
    inlines = [MembershipInline]
    publish_service = staticmethod(services.network_publish)
    withdraw_service = staticmethod(services.network_withdraw)


@admin.register(Link)
class LinkAdmin(EditorAdmin):
    gender = Gender.MASCULINE
    list_display = ["__str__", "kind", "is_directed", "since", "until", "documented_by_article"]
    list_filter = ["kind", "is_directed"]
    list_select_related = ["source", "target", "documented_by_article"]
    search_fields = ["source__name", "target__name", "description"]
    date_hierarchy = "since"
    autocomplete_fields = ["source", "target", "documented_by_article", "documented_by_session"]


def suggested_actors(article):
    """Published actors named in ``article``'s text and not yet linked to it."""
    if article is None or not article.pk:
        return []
    if not hasattr(article, "_suggested_actors"):
        already = set(article.mentioned_actors.values_list("pk", flat=True))
        text = " ".join([article.title, article.summary, article.body or ""])
        article._suggested_actors = [
            actor
            for actor in Actor.objects.published().found_in_text(text)
            if actor.pk not in already
        ]
    return article._suggested_actors


class ActorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class ArticleMentionForm(ArticleAdminForm):
    """Tick boxes to link the actors named in the text, or to unlink those linked already.

    Both lists change nothing unless a box is ticked, so a form posted without
    them (an older client, a script) leaves the article's actors as they were.
    """

    suggested_actors = ActorChoiceField(
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Nominati nel testo"),
        help_text=_("Spuntare gli attori da aggiungere a quelli citati dall'articolo."),
    )
    unlinked_actors = ActorChoiceField(
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Già collegati"),
        help_text=_("Spuntare gli attori da togliere: l'articolo non li cita davvero."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pks = [actor.pk for actor in suggested_actors(self.instance)]
        self.fields["suggested_actors"].queryset = Actor.objects.filter(pk__in=pks)
        if self.instance.pk:
            self.fields["unlinked_actors"].queryset = self.instance.mentioned_actors.all()


class NetworkArticleAdmin(ArticleAdmin):
    """The article admin of workshops, plus the actors the article mentions («Citato in»).

    Published actors whose name or other spelling occurs in the text, and that
    are not yet linked, are offered as boxes to tick: nothing is linked until
    the editor confirms.
    """

    form = ArticleMentionForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        fields = []
        if suggested_actors(obj):
            fields.append("suggested_actors")
        if obj is not None and obj.pk and obj.mentioned_actors.exists():
            fields.append("unlinked_actors")
        if fields:
            fieldsets.append(
                (
                    _("Attori citati"),
                    {
                        "fields": fields,
                        "description": _(
                            "Gli attori pubblicati nominati nel testo (con il nome o un altro "
                            "modo di scriverlo) vengono proposti qui: l'articolo compare nella "
                            "loro pagina, sotto «Citato in», solo dopo la conferma."
                        ),
                    },
                )
            )
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if form.cleaned_data.get("suggested_actors"):
            article.mentioned_actors.add(*form.cleaned_data["suggested_actors"])
        if form.cleaned_data.get("unlinked_actors"):
            article.mentioned_actors.remove(*form.cleaned_data["unlinked_actors"])


admin.site.unregister(Article)
admin.site.register(Article, NetworkArticleAdmin)


def suggested_organisations(speaker):
    """Actors that ``speaker``'s organisation text names and that it is not yet linked to."""
    if speaker is None or not speaker.pk or not speaker.organisation.strip():
        return []
    if not hasattr(speaker, "_suggested_actors"):
        already = set(speaker.actors.values_list("pk", flat=True))
        speaker._suggested_actors = [
            actor
            for actor in Actor.objects.suggested_for_organisation(speaker.organisation)
            if actor.pk not in already
        ]
    return speaker._suggested_actors


class SpeakerOrganisationForm(SpeakerAdminForm):
    """The speaker's card, with the actors its organisation text names offered as boxes."""

    suggested_actors = ActorChoiceField(
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Attori suggeriti"),
        help_text=_(
            "Spuntare l'attore che corrisponde all'organizzazione: sulla scheda pubblica "
            "l'organizzazione porterà alla sua pagina."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pks = [actor.pk for actor in suggested_organisations(self.instance)]
        self.fields["suggested_actors"].queryset = Actor.objects.filter(pk__in=pks)


class SpeakerActorInline(GenderedInlineMixin, admin.TabularInline):
    """The actors the person belongs to (``Actor.people``), edited from the person's card."""

    gender = Gender.MASCULINE
    model = Actor.people.through
    autocomplete_fields = ["actor"]
    verbose_name = _("attore a cui appartiene")
    verbose_name_plural = _("attori a cui appartiene (l'organizzazione porta alla loro pagina)")
    extra = 0


class NetworkSpeakerAdmin(SpeakerAdmin):
    """The speaker admin of workshops, plus the actors of the network the person belongs to.

    Actors whose name or other spelling the organisation text gives, and that are not yet
    linked, are offered as boxes to tick: nothing is linked until the editor confirms.
    """

    form = SpeakerOrganisationForm
    inlines = [*SpeakerAdmin.inlines, SpeakerActorInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if suggested_organisations(obj):
            fieldsets.append(
                (
                    _("Organizzazione nella rete degli attori"),
                    {
                        "fields": ["suggested_actors"],
                        "description": _(
                            "Gli attori il cui nome (o un altro modo di scriverlo) corrisponde "
                            "all'organizzazione indicata."
                        ),
                    },
                )
            )
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("suggested_actors"):
            form.instance.actors.add(*form.cleaned_data["suggested_actors"])


admin.site.unregister(Speaker)
admin.site.register(Speaker, NetworkSpeakerAdmin)
