"""The instruments' settings (Ketentuan: when the L1 reminder goes out, when the L3 rating opens and is due) and
the default reaction questionnaire (six items in Indonesian, editable in the admin). Existing rows are left
alone, so an administrator's edit survives."""

from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "instrumen"

BUTIR = [
    ("MATERI", "Materi pelatihan relevan dan mudah dipahami", 1),
    ("NARASUMBER", "Narasumber/fasilitator menguasai materi dan menyampaikannya dengan baik", 2),
    ("METODE", "Metode pembelajaran membantu saya belajar", 3),
    ("SARANA", "Sarana dan prasarana (tempat, bahan, koneksi) memadai", 4),
    ("MANFAAT", "Pelatihan bermanfaat untuk pekerjaan saya", 5),
    ("KESELURUHAN", "Secara keseluruhan saya puas dengan pelatihan ini", 6),
]


def seed(apps, schema_editor):
    from sibina.reference.seed import load_reference

    load_reference(apps.get_model, DATA_DIR)
    Butir = apps.get_model("evaluation", "ButirReaksi")
    for kode, teks, urutan in BUTIR:
        Butir.objects.get_or_create(kode=kode, defaults={"teks": teks, "urutan": urutan})


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0005_instrumen"),
        ("reference", "0008_identity_and_talent_axis"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
