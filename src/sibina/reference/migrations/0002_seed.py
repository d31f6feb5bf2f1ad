from django.db import migrations


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
