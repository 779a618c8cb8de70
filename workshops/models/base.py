"""What every model editors touch shares: a version counter, so no edit is silently lost."""

import reversion
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

STALE_EDIT = "stale_edit"


class StaleEditError(ValidationError):
    """Someone saved the row after the copy being saved was read."""


class VersionedModel(models.Model):
    """Refuses to save a copy that someone else has saved over since it was read.

    Every save claims the next version with one conditional ``UPDATE … WHERE pk = %s
    AND version = %s`` inside the save's transaction: of two saves of the same copy at
    the same instant, the database lets exactly one through. ``clean()`` checks the
    same thing earlier, so that forms can show the error next to the editor's text.
    """

    version = models.PositiveIntegerField(
        _("versione"),
        default=0,
        help_text=_("Cresce a ogni salvataggio: impedisce che due redattori si sovrascrivano."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        read_version = self.version
        try:
            with transaction.atomic(using=using):
                self._claim_next_version(using)
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
                super().save(*args, **kwargs)
        except BaseException:
            self.version = read_version
            raise

    def _claim_next_version(self, using):
        connection = connections[using]
        quote = connection.ops.quote_name
        table = quote(self._meta.db_table)
        version = quote(self._meta.get_field("version").column)
        pk = quote(self._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {version} = {version} + 1 WHERE {pk} = %s AND {version} = %s",
                [self._meta.pk.get_db_prep_value(self.pk, connection), self.version],
            )
            claimed = cursor.rowcount == 1
        if not claimed:
            raise self.stale_edit_error()
        self.version += 1

    def clean(self):
        super().clean()
        if self.is_stale():
            raise self.stale_edit_error()

    def is_stale(self):
        """True when someone saved this row after this copy was read."""
        if self._state.adding or self.pk is None:
            return False
        return type(self)._base_manager.filter(pk=self.pk).exclude(version=self.version).exists()

    def live_version(self):
        """The version the database holds now, or None if the row is gone."""
        return type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()

    def stale_edit_error(self):
        return StaleEditError(
            _(
                "Mentre modificavi «%(object)s», un altro redattore ha salvato una versione "
                "più recente. Le tue modifiche non sono state salvate e sono ancora in questo "
                "modulo: copiale, riapri la scheda per vedere la versione dell'altro redattore "
                "(anche nella cronologia) e unisci le modifiche."
            ),
            code=STALE_EDIT,
            params={"object": str(self)},
        )


@receiver(pre_save, dispatch_uid="versioned_model_keeps_live_version_on_raw_save")
def _keep_live_version_on_raw_save(sender, instance, raw, using, **kwargs):
    # A raw save writes a stored copy as it is: a restore from the history, a fixture.
    # The stored copy's counter is not the row's (reversion keeps none): the live one
    # stays, so that the editor who opened the restore form can still save it.
    if raw and isinstance(instance, VersionedModel) and instance.pk is not None:
        live = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if live is not None:
            instance.version = live


def keep_history(*, follow=()):
    """Register a versioned model with django-reversion, without its version counter.

    ``follow`` names the rows edited with it (the admin's inlines), so that restoring
    a revision brings them back too. Restoring must not bring back an old counter:
    the copy is stored without it and a raw save keeps the live one (see above).
    """
    return reversion.register(exclude=("version",), follow=follow)
