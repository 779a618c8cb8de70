"""Let the Editors group (created by workshops' 0002) manage actors, networks and links."""

from django.db import migrations

EDITOR_MODELS = ["actor", "network", "membership", "link"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("networks")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="networks", content_type__model__in=EDITOR_MODELS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="networks"))


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("workshops", "0002_editors_group_and_pages"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
