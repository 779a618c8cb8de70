"""Editors open registrations on sessions and manage the registrations (no adding by hand)."""

from django.db import migrations

CODENAMES = [
    "add_registrationsettings",
    "change_registrationsettings",
    "delete_registrationsettings",
    "view_registrationsettings",
    "change_registration",
    "delete_registration",
    "view_registration",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("workshops")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="workshops", codename__in=CODENAMES
            ).values_list("pk", flat=True)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="workshops", codename__in=CODENAMES
            ).values_list("pk", flat=True)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0024_registrations"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
