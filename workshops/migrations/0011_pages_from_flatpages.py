"""Copy the accessibility and privacy flatpages into Page, and let editors edit only the text."""

from django.db import migrations

PAGES = [
    ("accessibility", "/accessibilita/", "Dichiarazione di accessibilità"),
    ("privacy", "/privacy/", "Informativa sulla privacy"),
]


def copy_flatpages(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Page = apps.get_model("workshops", "Page")
    try:
        FlatPage = apps.get_model("flatpages", "FlatPage")
    except LookupError:
        # The flatpages app is gone from the project: the pages start empty, 0012 fills them.
        FlatPage = None
    sanitize = getattr(Page._meta.get_field("body"), "sanitize", None)
    for kind, url, title in PAGES:
        flatpage = FlatPage.objects.filter(url=url).first() if FlatPage else None
        body = flatpage.content if flatpage else ""
        Page.objects.get_or_create(
            kind=kind,
            defaults={
                "title": (flatpage.title if flatpage else "") or title,
                "body": sanitize(body) if sanitize else body,
            },
        )

    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("workshops")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        # Only the text is theirs: no new pages, no deletions, no URL, site or template.
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="workshops",
                codename__in=["view_page", "change_page"],
            ).values_list("pk", flat=True)
        )
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label="flatpages"))


def give_back_flatpages(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        flatpages = Permission.objects.filter(content_type__app_label="flatpages")
        editors.permissions.add(*flatpages.values_list("pk", flat=True))


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0010_page"),
        ("workshops", "0006_accessibility_statement_checks"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(copy_flatpages, give_back_flatpages)]
