"""The minimum share of sessions for completing a class as a regulatory setting (Ketentuan).

Loaded with the reference loader from ``delivery/data/ketentuan.json``: an existing row (same code and date) is
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
        ("delivery", "0001_initial"),
        ("reference", "0005_bentuk_teknis"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
