from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _places_changed(sender, instance, using=None, **kwargs):
    from workshops.caching import bump_availability_version

    # As for the content version (labimpact/apps.py): now, for the writer's own next
    # request, and after the commit, so that a page counted from the old rows while
    # the transaction was open is not kept. Settings move the content version instead.
    session_id = instance.session_id
    bump_availability_version(session_id)
    transaction.on_commit(lambda: bump_availability_version(session_id), using=using)


def _schedule_changed(sender, instance, created=False, **kwargs):
    from workshops.registrations.tasks import tell_schedule_change

    # Enqueued inside the save's transaction: the database backend keeps it only if the
    # change commits, so nobody hears of an edit that was rolled back.
    if not created and getattr(instance, "schedule_changed", False):
        tell_schedule_change.enqueue(instance.pk, instance.sequence)


def _book_daily_erasure(sender, **kwargs):
    from workshops.registrations.tasks import schedule_daily_erasure

    # Every deploy (and `make run`) migrates: the chain of daily erasures starts there and
    # is found again there if a worker ever lost it.
    schedule_daily_erasure()


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Laboratori")

    def ready(self):
        from workshops import (
            checks,  # noqa: F401 - registers the deploy check
            tasks,  # noqa: F401 - registers the built calendar file
        )
        from workshops.site import forget_site_settings

        post_save.connect(
            _schedule_changed, sender=self.get_model("Session"), dispatch_uid="session-schedule"
        )
        post_migrate.connect(_book_daily_erasure, sender=self, dispatch_uid="daily-erasure")
        settings_model = self.get_model("SiteSettings")
        for signal in (post_save, post_delete):
            signal.connect(
                forget_site_settings, sender=settings_model, dispatch_uid="site-settings"
            )
            signal.connect(
                _places_changed,
                sender=self.get_model("Registration"),
                dispatch_uid="registration-places",
            )

    def search_groups(self, query):
        """Reports, sessions, speakers and topics the site search finds for ``query``."""
        from workshops.search import search_groups

        return search_groups(query)
