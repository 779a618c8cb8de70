from django.core.management.base import BaseCommand

from workshops.registrations.tasks import erase_past_registrations


class Command(BaseCommand):
    help = (
        "Enqueue now the deletion of registrations kept past REGISTRATION_RETENTION_MONTHS "
        "after their session. The worker also runs it by itself every day at 3:30 (booked "
        "by migrate), so a cron job is not needed."
    )

    def handle(self, *args, **options):
        result = erase_past_registrations.enqueue()
        self.stdout.write(f"Cancellazione delle iscrizioni scadute accodata ({result.id}).")
