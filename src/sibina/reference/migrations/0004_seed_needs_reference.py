from django.db import migrations


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model)  # only adds rows that are missing


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_needs_reference")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
