"""The weight of the commitment factor in the needs priority (PRIORITAS_BOBOT_KOMITMEN) as a reference setting:
0 for plans up to 2027, 10 points from the 2028 plan (docs/planning.md, "Priority").

Loaded with the reference loader from ``needs/data/ketentuan.json``: an existing row (same code and date) is left
alone, so an administrator's edit survives.
"""

from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model, DATA_DIR)


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0002_faktor_unit"),
        ("reference", "0008_identity_and_talent_axis"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
