"""Create the Editors group and the two pages every Italian public site must have."""

from django.db import migrations

EDITOR_MODELS = {
    "workshops": ["topic", "workshop", "session", "sessionspeaker", "speaker", "article"],
    "flatpages": ["flatpage"],
}

ACCESSIBILITY_TEXT = """
<p>ANCI Lombardia si impegna a rendere accessibile il portale Lab'Impact, in conformità
alla legge 9 gennaio 2004, n. 4 e alle Linee guida AgID sull'accessibilità degli strumenti
informatici (requisiti WCAG 2.1, livello AA).</p>
<h2>Stato di conformità</h2>
<p>Il portale è parzialmente conforme: le verifiche sono in corso e questa dichiarazione sarà
aggiornata con il loro esito.</p>
<h2>Segnalazioni</h2>
<p>Chi incontra un contenuto non accessibile può scrivere alla redazione di Lab'Impact;
in assenza di risposta è possibile rivolgersi al Difensore civico per il digitale presso AgID.</p>
"""

PRIVACY_TEXT = """
<p>Il portale Lab'Impact non usa cookie di profilazione né strumenti di tracciamento.
Chi visita il sito senza accedere all'area redazione non riceve alcun cookie.</p>
<h2>Dati trattati</h2>
<p>I server registrano i dati tecnici strettamente necessari al funzionamento
(indirizzo IP e pagina richiesta), conservati per il tempo necessario alla sicurezza del servizio.
I redattori che accedono all'area riservata ricevono un cookie tecnico di sessione.</p>
<h2>Titolare</h2>
<p>Il titolare del trattamento e i contatti del responsabile della protezione dei dati
sono indicati da ANCI Lombardia.</p>
"""


def create_group_and_pages(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in EDITOR_MODELS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )

    # The sites and flatpages apps are gone from the project: on a new database there is
    # nothing to create here, and 0012 writes the pages' texts into Page.
    try:
        Site = apps.get_model("sites", "Site")
        FlatPage = apps.get_model("flatpages", "FlatPage")
    except LookupError:
        return
    site, _ = Site.objects.get_or_create(
        pk=1, defaults={"domain": "localhost:8000", "name": "Lab'Impact"}
    )
    for url, title, content in [
        ("/accessibilita/", "Dichiarazione di accessibilità", ACCESSIBILITY_TEXT),
        ("/privacy/", "Informativa sulla privacy", PRIVACY_TEXT),
    ]:
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        page.sites.add(site)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group_and_pages, remove_group)]
