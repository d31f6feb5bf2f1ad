from django.db import migrations


def load(apps, schema_editor):
    from sibina.competency.seed import load_dictionary

    load_dictionary(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("competency", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
