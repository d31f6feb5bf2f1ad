"""Settings of issue 13 ("rules exactly as written"): the JPM formula variants and other rule settings.

Loaded with the idempotent reference loader: rows already present (same code and date) are left alone.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model)  # only adds rows that are missing


class Migration(migrations.Migration):
    dependencies = [("reference", "0005_bentuk_teknis")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
