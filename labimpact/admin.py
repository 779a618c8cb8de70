"""The admin site as editors see it: its name, and Django's own admins in correct Italian."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from labimpact.admin_italian import Gender, GenderedAdminMixin

admin.site.site_header = _("Lab'Impact · Redazione")
admin.site.site_title = _("Lab'Impact · Redazione")
admin.site.index_title = _("Redazione")


PERMISSION_ACTIONS = {
    "add": _("aggiunta"),
    "change": _("modifica"),
    "delete": _("eliminazione"),
    "view": _("visualizzazione"),
}


def permission_label(permission):
    """«Laboratori | articolo: modifica»: Django stores permission names in English."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action not in PERMISSION_ACTIONS or model is None or model._meta.model_name != model_name:
        return str(permission)
    opts = model._meta
    return f"{opts.app_config.verbose_name} | {opts.verbose_name}: {PERMISSION_ACTIONS[action]}"


class ItalianPermissionsMixin:
    """The permission lists of users and groups, named in Italian."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


class EditorUserAdmin(GenderedAdminMixin, ItalianPermissionsMixin, UserAdmin):
    gender = Gender.MASCULINE  # utente


class EditorGroupAdmin(GenderedAdminMixin, ItalianPermissionsMixin, GroupAdmin):
    gender = Gender.MASCULINE  # gruppo


for model, model_admin in [(User, EditorUserAdmin), (Group, EditorGroupAdmin)]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)

if apps.is_installed("axes"):
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    class EditorAccessAttemptAdmin(GenderedAdminMixin, axes_admin.AccessAttemptAdmin):
        gender = Gender.MASCULINE  # tentativo di accesso

        @admin.action(description=_("Elimina i tentativi scaduti"))
        def cleanup_expired_attempts(self, request, queryset):
            # django-axes reads the time of a log-in attempt, which an admin request is not
            # (without it the action is a server error): "now" is the time to count from.
            request.axes_attempt_time = getattr(request, "axes_attempt_time", None)
            count = self.handler.clean_expired_user_attempts(request=request)
            self.message_user(
                request,
                ngettext(
                    "%(count)d tentativo scaduto eliminato.",
                    "%(count)d tentativi scaduti eliminati.",
                    count,
                )
                % {"count": count},
            )

        @admin.display(description=_("scadenza"))
        def expiration(self, obj):
            return super().expiration(obj)

        @admin.display(description=_("stato"))
        def status(self, obj):
            return super().status(obj)

    class EditorAccessLogAdmin(GenderedAdminMixin, axes_admin.AccessLogAdmin):
        gender = Gender.MASCULINE  # accesso

    class EditorAccessFailureLogAdmin(GenderedAdminMixin, axes_admin.AccessFailureLogAdmin):
        gender = Gender.MASCULINE  # accesso fallito

    for model, model_admin in [
        (AccessAttempt, EditorAccessAttemptAdmin),
        (AccessLog, EditorAccessLogAdmin),
        (AccessFailureLog, EditorAccessFailureLogAdmin),
    ]:
        if admin.site.is_registered(model):
            admin.site.unregister(model)
            admin.site.register(model, model_admin)

if apps.is_installed("django_tasks_db"):
    from django_tasks_db.models import DBTaskResult

    # The background-task queue is the operators' concern, not the editors': its library
    # admin speaks English only. Operators read it with `manage.py db_worker` logs and
    # `prune_db_task_results`; the files it builds say when they were last made.
    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
