"""Registrations in the admin: opening them on sessions, and the requests received.

Registrations are personal data, not content: no history (django-reversion would keep
copies of what a deletion must remove), no hand-made additions, and every change of
state through the services, so that a freed place goes to the waiting list.
"""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from labimpact.admin_italian import Gender, GenderedAdminMixin
from workshops.admin.attendance import AttendanceAdminMixin
from workshops.admin.editing import EditorAdmin, VersionedInlineMixin
from workshops.models import Registration, RegistrationSettings
from workshops.registrations import services


class RegistrationSettingsInline(VersionedInlineMixin, admin.StackedInline):
    gender = Gender.FEMININE_PLURAL
    model = RegistrationSettings
    max_num = 1
    extra = 0
    fields = [
        ("capacity", "per_organisation_limit", "has_waiting_list"),
        ("opens_at", "closes_at"),
        ("asks_role", "organisation_question", "asks_accessibility", "asks_note"),
    ]


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(EditorAdmin):
    gender = Gender.FEMININE_PLURAL
    list_display = [
        "session", "capacity", "confirmed", "waiting", "opens_at", "closes_at", "at_the_door",
    ]  # fmt: skip
    list_select_related = ["session__workshop"]
    list_filter = ["session__workshop"]
    search_fields = ["session__title", "session__workshop__title"]
    autocomplete_fields = ["session"]

    def get_queryset(self, request):
        state = Registration.State
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count(
                    "session__registrations",
                    filter=Q(session__registrations__state=state.CONFIRMED),
                ),
                waiting_count=Count(
                    "session__registrations",
                    filter=Q(session__registrations__state=state.WAITING),
                ),
            )
        )

    @admin.display(description=_("confermate"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("in attesa"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("alla porta"))
    def at_the_door(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:workshops_registration_check_in", args=[obj.session_id]),
            _("Presenze"),
            reverse("admin:workshops_registration_sign_in_sheet", args=[obj.session_id]),
            _("Foglio firme"),
        )


class OpenRegistrationForm(forms.Form):
    """What the «Apri le iscrizioni» action gives every session of the selected workshops."""

    capacity = forms.IntegerField(label=_("Posti per giornata"), min_value=1)
    per_organisation_limit = forms.IntegerField(
        label=_("Posti per organizzazione"), min_value=1, initial=2
    )
    has_waiting_list = forms.BooleanField(label=_("Lista d'attesa"), required=False, initial=True)


@admin.action(description=_("Apri le iscrizioni a tutte le giornate"), permissions=["change"])
def open_registration(modeladmin, request, queryset):
    """Open registration on every session of the selected workshops that has none yet."""
    form = OpenRegistrationForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        count = 0
        for workshop in queryset:
            try:
                opened = services.workshop_open_registration(workshop=workshop, **form.cleaned_data)
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"«{workshop}»: {' '.join(error.messages)}", level=messages.ERROR
                )
                continue
            modeladmin.log_change(request, workshop, str(_("Iscrizioni aperte")))
            count += opened
        modeladmin.message_user(
            request,
            ngettext(
                "Iscrizioni aperte su %d giornata.", "Iscrizioni aperte su %d giornate.", count
            )
            % count,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Apri le iscrizioni a tutte le giornate"),
        "opts": modeladmin.opts,
        "form": form,
        "workshops": queryset,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "workshops/admin/open_registration.html", context)


# A spreadsheet takes a cell starting with one of these for a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula, made plain by a leading ``'``."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


EXPORT_COLUMNS = [
    (_("giornata"), lambda r: str(r.session)),
    (_("stato"), lambda r: r.get_state_display()),
    (_("nome e cognome"), lambda r: r.name),
    (_("e-mail"), lambda r: r.email),
    (_("organizzazione"), lambda r: r.organisation),
    (_("ruolo"), lambda r: r.role),
    (_("esigenze di accessibilità"), lambda r: r.accessibility_needs),
    (_("nota"), lambda r: r.note),
    (_("richiesta il"), lambda r: r.created_at.isoformat()),
    (_("indirizzo confermato il"), lambda r: r.confirmed_at and r.confirmed_at.isoformat()),
]


def _one_session(request):
    """The session the list is filtered to, when it is one: the door's pages are per session."""
    value = request.GET.get("session__id__exact", "")
    return int(value) if value.isdigit() else None


@admin.register(Registration)
class RegistrationAdmin(AttendanceAdminMixin, GenderedAdminMixin, admin.ModelAdmin):
    gender = Gender.FEMININE
    list_display = ["name", "email", "organisation", "role", "state", "session", "created_at"]
    list_filter = ["state", "session__workshop", "session"]
    list_select_related = ["session__workshop"]
    search_fields = ["name", "email", "organisation"]
    date_hierarchy = "created_at"
    actions = ["cancel_selected"]
    readonly_fields = [
        "session",
        "state",
        "name",
        "email",
        "organisation",
        "organisation_key",
        "actor_id",
        "network_id",
        "role",
        "accessibility_needs",
        "note",
        "has_consented",
        "language",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "reminded_at",
        "checked_in_at",
    ]

    # Above the list: the counts by state and, for confirmed places, by organisation.
    change_list_template = "workshops/admin/registration_change_list.html"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = changelist.queryset
            states = shown.counts_by_state()
            response.context_data["state_counts"] = [
                (label, states.get(value, 0)) for value, label in Registration.State.choices
            ]
            response.context_data["organisation_counts"] = (
                shown.confirmed()
                .exclude(organisation_key="")
                .order_by()
                .values("organisation_key")
                .annotate(count=Count("pk"), name=Min("organisation"))
                .order_by("-count", "name")[:20]
            )
            if self.has_change_permission(request):
                response.context_data["door_session_id"] = _one_session(request)
        return response

    def get_urls(self):
        export = path(
            "esporta.csv",
            self.admin_site.admin_view(self.export_csv),
            name="workshops_registration_export",
        )
        return [export, *super().get_urls()]

    def export_csv(self, request):
        """The registrations the list shows (its filters apply), for a spreadsheet."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = self.get_changelist_instance(request).get_queryset(request)
        buffer = io.StringIO()
        # The byte-order mark lets spreadsheet programs read the accents right.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow([str(label) for label, _ in EXPORT_COLUMNS])
        for registration in rows.select_related("session__workshop"):
            writer.writerow([_spreadsheet_safe(value(registration)) for _, value in EXPORT_COLUMNS])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="iscrizioni.csv"'
        return response

    def has_add_permission(self, request):
        # Requests come from the participants' form, which confirms the address.
        return False

    @admin.action(description=_("Annulla le iscrizioni selezionate"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        """Cancel each through the service: a freed place goes to the waiting list."""
        count = 0
        for registration in queryset:
            if registration.state in Registration.ACTIVE_STATES:
                services.cancel(registration=registration)
                self.log_change(request, registration, str(_("Iscrizione annullata")))
                count += 1
        self.message_user(
            request,
            ngettext("%d iscrizione annullata.", "%d iscrizioni annullate.", count) % count,
        )

    def delete_model(self, request, obj):
        services.erase(registration=obj, notify=False)

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            services.erase(registration=registration, notify=False)
