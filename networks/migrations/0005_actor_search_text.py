"""Normalised search text for actors, derived in ``save()``; existing rows get theirs here."""

from django.db import migrations, models

from labimpact.search import document

SOURCES = ("name", "aliases", "municipality", "ambito", "description")


def fill_search_text(apps, schema_editor):
    actor_model = apps.get_model("networks", "Actor")
    for actor in actor_model._base_manager.using(schema_editor.connection.alias).iterator():
        actor.search_text = document(*(getattr(actor, name) for name in SOURCES))
        actor.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_checkbox_help_texts")]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="search_text",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Calcolato a ogni salvataggio dai campi in cui la ricerca del sito cerca.",
                verbose_name="testo per la ricerca",
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=False),
    ]
