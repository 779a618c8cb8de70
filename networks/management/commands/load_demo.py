from django.core.management.base import BaseCommand
from django.db import transaction

from networks.demo import load_network_demo
from workshops.demo.content import DEVELOPMENT_ROOT, load_demo
from workshops.site import public_root


class Command(BaseCommand):
    help = (
        "Carica i contenuti dimostrativi: l'articolo del 18 dicembre 2020, ciò che nomina "
        "e la rete degli attori che vi compaiono."
    )

    # The command lives in networks because workshops may not import networks.
    def handle(self, *args, **options):
        with transaction.atomic():
            username, password = load_demo()
            load_network_demo()
        self.stdout.write(self.style.SUCCESS("Contenuti dimostrativi caricati."))
        admin_url = f"{public_root() or DEVELOPMENT_ROOT}/admin/"
        if password:
            self.stdout.write(f"Redattore: {username}  password: {password}  ({admin_url})")
        else:
            self.stdout.write(
                f"Redattore: {username} (esisteva già: la password non è cambiata; "
                f"per sceglierne una nuova: manage.py changepassword {username})  ({admin_url})"
            )
