"""The verdict rule's settings (EVALUASI_*) as reference settings with an effective date.

Loaded with the reference loader from ``evaluation/data/ketentuan.json`` (the SKM bounds already there are left
alone, as is any row an administrator edited).
"""

from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model, DATA_DIR)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_program_effects")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
