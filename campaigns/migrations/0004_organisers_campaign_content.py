from django.db import migrations

# Organisers manage their campaigns' content (scoped in the admin by campaigns.roles) and may email
# updates to a petition's signers.
ORGANISER_PERMISSIONS = [
    ("event", ["view", "add", "change", "delete"]),
    ("partner", ["view", "add", "change", "delete"]),
    ("update", ["view", "add", "change", "delete", "send"]),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("campaigns")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Organisers")
    for model, actions in ORGANISER_PERMISSIONS:
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="campaigns", codename=f"{action}_{model}"
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Organisers").first()
    if group:
        codenames = [f"{a}_{m}" for m, actions in ORGANISER_PERMISSIONS for a in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="campaigns", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_event_update_partner_updaterecipient"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
