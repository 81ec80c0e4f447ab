# The count split over shard rows (petitions/lifecycle.py): `signature_count` becomes the base
# written by the locked writers, and online signers add to one of the petition's CountShard rows.

import django.db.models.deletion
from django.db import migrations, models


SHARDS = 128  # petitions.models.COUNT_SHARDS when this was written


def shards_for_existing_petitions(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    CountShard = apps.get_model("petitions", "CountShard")
    CountShard.objects.bulk_create(
        [CountShard(petition_id=pk, shard=n) for pk in Petition.objects.values_list("pk", flat=True)
         for n in range(SHARDS)],
        ignore_conflicts=True,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0002_petition_days"),
    ]

    operations = [
        migrations.RenameField(
            model_name="petition", old_name="signature_count", new_name="count_base"
        ),
        migrations.AlterField(
            model_name="petition",
            name="count_base",
            field=models.IntegerField(default=0, editable=False, verbose_name="signatures"),
        ),
        migrations.CreateModel(
            name="CountShard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shard", models.PositiveSmallIntegerField()),
                ("count", models.IntegerField(default=0)),
                (
                    "petition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="count_shards",
                        to="petitions.petition",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("petition", "shard"), name="one_row_per_count_shard"
                    )
                ],
            },
        ),
        migrations.RunPython(shards_for_existing_petitions, migrations.RunPython.noop),
    ]
