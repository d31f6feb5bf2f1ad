"""The settings of the commitment reminders (the month of the yearly JP check, the days between escalation
steps, the no-show that escalates to the Kepala OPD) as reference settings (Ketentuan).

Loaded with the reference loader from ``delivery/data/komitmen/ketentuan.json``: an existing row (same code and
date) is left alone, so an administrator's edit survives.
"""

from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "komitmen"


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model, DATA_DIR)


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0005_aksi_perubahan"),
        ("reference", "0008_identity_and_talent_axis"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
