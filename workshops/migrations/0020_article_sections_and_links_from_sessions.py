"""The four sections editors start with; every article gets one and keeps its session."""

from django.db import migrations

SECTIONS = [
    ("Resoconto", "resoconto", "Laboratori Lab'Impact"),
    ("Notizia", "notizia", ""),
    ("Annuncio", "annuncio", ""),
    ("Approfondimento", "approfondimento", ""),
]


def create_sections_and_links(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Section = apps.get_model("workshops", "Section")
    Article = apps.get_model("workshops", "Article")
    sections = {}
    for name, slug, kicker in SECTIONS:
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "kicker": kicker}
        )
    # Row by row, through save(): public content never changes by QuerySet.update().
    for article in Article.objects.filter(section__isnull=True):
        # Until now every article was shown as a workshop report; those of a session are.
        article.section = sections["resoconto" if article.session_id else "notizia"]
        article.save(update_fields=["section"])
    for article in Article.objects.filter(session__isnull=False):
        article.sessions.add(article.session_id)

    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("workshops")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *apps.get_model("auth", "Permission")
            .objects.filter(content_type__app_label="workshops", content_type__model="section")
            .values_list("pk", flat=True)
        )


def back_to_one_session(apps, schema_editor):
    Article = apps.get_model("workshops", "Article")
    # The old field holds one session: the first linked.
    for article in Article.objects.filter(sessions__isnull=False).distinct():
        first = article.sessions.order_by("pk").first()
        article.session = first
        article.save(update_fields=["session"])


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0019_article_sections_sources_and_links"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_sections_and_links, back_to_one_session)]
