"""The SKM quality-category bounds (PermenPANRB 14/2017) as regulatory settings (Ketentuan).

Loaded with the reference loader from ``evaluation/data/ketentuan.json``: an existing row (same code and date) is
left alone, so an administrator's edit survives.
"""

from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model, DATA_DIR)  # only ketentuan.json is there


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("reference", "0008_identity_and_talent_axis"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
