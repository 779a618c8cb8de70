"""Admin pieces every editors' model shares: history, the version check, the publish actions."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from labimpact.admin_italian import GenderedAdminMixin, GenderedInlineMixin
from workshops.models import StaleEditError, VersionedModel
from workshops.models.base import STALE_EDIT


def live_versions(version_id):
    """The live version counter of every versioned row a stored revision holds."""
    version = Version.objects.select_related("revision").filter(pk=version_id).first()
    if version is None:
        return {}
    ids = defaultdict(set)
    for stored in version.revision.version_set.all():
        model = stored._model
        if model is not None and issubclass(model, VersionedModel):
            ids[model].add(stored.object_id)
    return {
        (model, pk): number
        for model, pks in ids.items()
        for pk, number in model._base_manager.filter(pk__in=pks).values_list("pk", "version")
    }


class StaleEditRetryForm:
    """Shows, on the editor's own text, why a save that raced another one was refused."""

    stale_edit = None

    def full_clean(self):
        super().full_clean()
        reported = any(
            error.code == STALE_EDIT for error in self.errors.as_data().get(NON_FIELD_ERRORS, [])
        )
        if self.is_bound and not reported:
            self.add_error(None, self.stale_edit)


class VersionedInlineFormSet(BaseInlineFormSet):
    """Rows that carry the version each was read at; in a restore form, the live one."""

    def get_queryset(self):
        queryset = super().get_queryset()
        live = getattr(self.instance, "live_versions", None)
        if live:
            # A restore form shows stored copies, but a save must be checked against the
            # rows as they are now (the restore itself keeps the live counters).
            for row in queryset:
                row.version = live.get((type(row), row.pk), row.version)
        return queryset


class VersionedInlineMixin(GenderedInlineMixin):
    """An inline whose rows each carry their version as a hidden field."""

    formset = VersionedInlineFormSet

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "version" in fields else [*fields, "version"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            # A new row has no version to check: a script may leave it out.
            kwargs.update(widget=forms.HiddenInput, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorAdmin(GenderedAdminMixin, VersionAdmin):
    """The admin of a model editors touch: history, restore, and no edit silently lost.

    The form carries the version the editor opened as a hidden field. A stale copy is
    refused by ``clean()``; two saves at the same instant both pass ``clean()`` and the
    database lets one claim the next version: the other is shown its own form again,
    with the error and its text, instead of a server error.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "version" in form.base_fields:
            # A new object has no version to check: a script may leave it out.
            form.base_fields["version"].required = False
        error = getattr(request, "stale_edit", None)
        if error is None:
            return form
        return type(form.__name__, (StaleEditRetryForm, form), {"stale_edit": error})

    def _again_if_stale(self, request, view, *args):
        """``view(*args)``; if its save lost the race for the version, the form again.

        Another save claimed the version between this one's clean() and save(): the
        transaction and the revision being recorded are rolled back, and the view runs
        again, bound to what was posted, with the error on the form.
        """
        try:
            return view(*args)
        except StaleEditError as error:
            if request.method != "POST" or getattr(request, "stale_edit", None) is not None:
                raise
            request.stale_edit = error
            return view(*args)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._again_if_stale(
            request, super().change_view, request, object_id, form_url, extra_context
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.live_versions = live_versions(version_id)
        return self._again_if_stale(
            request, super().revision_view, request, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        request.live_versions = live_versions(version_id)
        return self._again_if_stale(
            request, super().recover_view, request, version_id, extra_context
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        live = getattr(request, "live_versions", None)
        if obj is not None and live is not None:
            obj.version = live.get((type(obj), obj.pk), obj.version)
            obj.live_versions = live
        return obj


class PublishActionsMixin:
    """Publish/withdraw actions, each object through its service, one by one.

    An object that does not validate is reported and left as it was; the others
    proceed. Each change is a revision by the editor and an entry in the admin log.
    """

    actions = ["publish", "unpublish"]
    # Services called with the object under the model's name: workshop_publish(workshop=…).
    publish_service = None
    withdraw_service = None

    @admin.action(description=_("Pubblica gli elementi selezionati"), permissions=["change"])
    def publish(self, request, queryset):
        count = self.apply_service(request, queryset, self.publish_service, _("Pubblicato"))
        self.message_user(
            request, ngettext("%d elemento pubblicato.", "%d elementi pubblicati.", count) % count
        )

    @admin.action(description=_("Ritira dalla pubblicazione"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self.apply_service(
            request, queryset, self.withdraw_service, _("Ritirato dalla pubblicazione")
        )
        self.message_user(
            request, ngettext("%d elemento ritirato.", "%d elementi ritirati.", count) % count
        )

    def apply_service(self, request, queryset, service, done):
        """Run ``service`` on each selected object; return how many it changed."""
        count = 0
        for obj in queryset:
            try:
                service(**{self.model._meta.model_name: obj, "user": request.user})
            except ValidationError as error:
                self.message_user(
                    request, f"«{obj}»: {' '.join(error.messages)}", level=messages.ERROR
                )
            else:
                self.log_change(request, obj, str(done))
                count += 1
        return count
