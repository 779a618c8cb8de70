from django.core.management.base import BaseCommand

from workshops.registrations.tasks import erase_past_registrations


class Command(BaseCommand):
    help = (
        "Enqueue the deletion of registrations kept past REGISTRATION_RETENTION_MONTHS after "
        "their session; run it daily (cron or a systemd timer): the task worker does the rest."
    )

    def handle(self, *args, **options):
        result = erase_past_registrations.enqueue()
        self.stdout.write(f"Cancellazione delle iscrizioni scadute accodata ({result.id}).")
