from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from labimpact.admin_italian import Gender, GenderedAdminMixin, GenderedInlineMixin
from networks import services
from networks.models import Actor, Encounter, Link, Membership, Network
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
from workshops.models import Article, Session, Speaker

SOURCE_HELP = _(
    "Ogni nuovo legame indica la sua fonte: l'articolo o la giornata che lo documentano, "
    "oppure un documento pubblico (indirizzo) o caricato (PDF). I legami registrati prima "
    "senza fonte restano, elencati come «da documentare»."
)


class EditableKindsMixin:
    """Offer editors the kinds of link they may type: encounters are computed, not entered."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = Link.EDITABLE_KINDS
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class OutgoingLinkInline(EditableKindsMixin, VersionedInlineMixin, admin.StackedInline):
    gender = Gender.MASCULINE
    model = Link
    fk_name = "source"
    fields = [
        ("target", "kind", "is_directed"),
        ("since", "until"),
        "description",
        ("documented_by_article", "documented_by_session"),
        ("document_url", "document_file"),
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
            "<div>{} · {}{}</div>",
            (
                (
                    link.source.name,
                    link.get_kind_display(),
                    "" if link.has_source else format_html(" · <strong>{}</strong>", UNDOCUMENTED),
                )
                for link in links
            ),
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


UNDOCUMENTED = _("da documentare")


class SourceFilter(admin.SimpleListFilter):
    """Documented links and those still «da documentare» (recorded without a source)."""

    title = _("fonte")
    parameter_name = "fonte"

    def lookups(self, request, model_admin):
        return [("documentati", _("documentati")), ("da-documentare", UNDOCUMENTED)]

    def queryset(self, request, queryset):
        if self.value() == "documentati":
            return queryset.documented()
        if self.value() == "da-documentare":
            return queryset.undocumented()
        return queryset


class DatedFilter(admin.SimpleListFilter):
    """Links with a start date, and those whose start is not known («data non nota»)."""

    title = _("data d'inizio")
    parameter_name = "data"

    def lookups(self, request, model_admin):
        return [("nota", _("nota")), ("non-nota", _("data non nota"))]

    def queryset(self, request, queryset):
        if self.value() == "nota":
            return queryset.filter(since__isnull=False)
        if self.value() == "non-nota":
            return queryset.undated()
        return queryset


class LinkSourceForm(forms.Form):
    """The source given to the selected links by the «Indica la fonte» action."""

    documented_by_article = forms.ModelChoiceField(
        label=_("Articolo"), queryset=Article.objects.all(), required=False
    )
    documented_by_session = forms.ModelChoiceField(
        label=_("Giornata"),
        queryset=Session.objects.select_related("workshop"),
        required=False,
    )
    document_url = forms.URLField(label=_("Documento (indirizzo)"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise ValidationError(
                _("Indicare almeno una fonte: un articolo, una giornata o un documento.")
            )
        return data


@admin.register(Link)
class LinkAdmin(EditableKindsMixin, EditorAdmin):
    gender = Gender.MASCULINE
    list_display = ["__str__", "kind", "is_directed", "since_display", "until", "source_display"]
    list_filter = [SourceFilter, DatedFilter, "kind", "is_directed"]
    list_select_related = [
        "source",
        "target",
        "documented_by_article",
        "documented_by_session__workshop",
    ]
    search_fields = ["source__name", "target__name", "description"]
    date_hierarchy = "since"
    autocomplete_fields = ["source", "target", "documented_by_article", "documented_by_session"]
    actions = ["document_links"]
    # django-reversion's list, with the count of links «da documentare» above the search.
    change_list_template = "networks/admin/link_change_list.html"
    fieldsets = [
        (None, {"fields": [("source", "target"), ("kind", "is_directed"), ("since", "until")]}),
        (None, {"fields": ["description"]}),
        (
            _("Fonte"),
            {
                "fields": [
                    "documented_by_article",
                    "documented_by_session",
                    "document_url",
                    "document_file",
                ],
                "description": SOURCE_HELP,
            },
        ),
    ]

    @admin.display(description=_("dal"), ordering="since")
    def since_display(self, obj):
        return obj.since or _("data non nota")

    @admin.display(description=_("fonte"))
    def source_display(self, obj):
        if obj.documented_by_article is not None:
            return obj.documented_by_article.title
        if obj.documented_by_session is not None:
            return str(obj.documented_by_session)
        if obj.document_url:
            return obj.document_url
        if obj.document_file:
            return _("documento caricato (PDF)")
        return format_html("<strong>{}</strong>", UNDOCUMENTED)

    def changelist_view(self, request, extra_context=None):
        count = Link.objects.undocumented().count()
        if count:
            url = reverse("admin:networks_link_changelist") + "?fonte=da-documentare"
            notice = format_html(
                '<a href="{}">{}</a>',
                url,
                ngettext(
                    "%(count)d legame da documentare: manca la fonte.",
                    "%(count)d legami da documentare: manca la fonte.",
                    count,
                )
                % {"count": count},
            )
        else:
            notice = _("Tutti i legami indicano la loro fonte.")
        extra_context = {"undocumented_notice": notice, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Indica la fonte dei legami selezionati"), permissions=["change"])
    def document_links(self, request, queryset):
        """Give the selected links one source, through ``services.link_document``, one by one."""
        form = LinkSourceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for link in queryset:
                try:
                    services.link_document(
                        link=link,
                        user=request.user,
                        article=form.cleaned_data["documented_by_article"],
                        session=form.cleaned_data["documented_by_session"],
                        document_url=form.cleaned_data["document_url"],
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"«{link}»: {' '.join(error.messages)}", level=messages.ERROR
                    )
                else:
                    self.log_change(request, link, str(_("Fonte del legame indicata")))
                    count += 1
            self.message_user(
                request,
                ngettext(
                    "%d legame ha ora la sua fonte.", "%d legami hanno ora la loro fonte.", count
                )
                % count,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Indica la fonte dei legami"),
            "opts": self.opts,
            "form": form,
            "links": queryset.select_related("source", "target"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "networks/admin/link_document.html", context)


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


@admin.register(Encounter)
class EncounterAdmin(GenderedAdminMixin, admin.ModelAdmin):
    """Read only: encounters are recomputed from the attendance marked at the door."""

    gender = Gender.MASCULINE
    list_display = ["actor_a", "actor_b", "session_count", "updated_at"]
    list_select_related = ["actor_a", "actor_b"]
    search_fields = ["actor_a__name", "actor_b__name"]
    fields = ["actor_a", "actor_b", "sessions", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description=_("giornate"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
