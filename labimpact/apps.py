"""The project's own app: which models move the content version, read from the settings."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from workshops.caching import bump_content_version


def _on_change(sender, **kwargs):
    # Bump now, for the writer's own next request, and again after the commit: a
    # page rendered from the old rows while the transaction was open must not be
    # stored under the new version. The built files are queued for a rebuild then.
    bump_content_version()
    using = kwargs.get("using")
    connection = transaction.get_connection(using)
    # Once per transaction (per savepoint level), however many rows it saves: one bump,
    # one rebuild queued. A callback of a rolled-back savepoint is gone from the list, so
    # it is added again; nested blocks each add theirs, and the tasks queued for the
    # versions before the last do nothing (labimpact/builtfiles.py).
    level = set(connection.savepoint_ids)
    if not any(
        callback is _after_commit and savepoints == level
        for savepoints, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_after_commit, using=using)


def _after_commit():
    from labimpact.builtfiles import schedule_rebuilds  # reads the models: not at import

    bump_content_version()
    schedule_rebuilds()


def _on_m2m_change(sender, instance, model, action, **kwargs):
    # Sent by the through model: a re-tagging counts when either end is content.
    labels = settings.CONTENT_VERSION_MODELS
    if action.startswith("post_") and (
        instance._meta.label in labels or model._meta.label in labels
    ):
        _on_change(sender, **kwargs)


def content_version_models():
    """The models of ``CONTENT_VERSION_MODELS`` whose app is installed."""
    return [
        # A misspelt model of an installed app raises LookupError: better than a stale page.
        apps.get_model(label)
        for label in settings.CONTENT_VERSION_MODELS
        if label.partition(".")[0] in apps.app_configs
    ]


class LabimpactConfig(AppConfig):
    """The project itself: ties the apps' content to the one content version."""

    name = "labimpact"
    default = True  # this module holds another AppConfig too (AxesConfig)
    verbose_name = _("Lab'Impact")

    def ready(self):
        for model in content_version_models():
            uid = f"labimpact.content-version:{model._meta.label}"
            post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
        m2m_changed.connect(_on_m2m_change, dispatch_uid="labimpact.content-version:m2m")


class AxesConfig(AxesAppConfig):
    """django-axes under an Italian name in the admin."""

    default = False
    verbose_name = _("Accessi alla redazione")
