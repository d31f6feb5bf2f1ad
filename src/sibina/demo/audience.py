"""Who each synthetic activity is for (its target audience), so the demo plan reads sensibly to a Kepala OPD.

Rules by code prefix, then exceptions by code. Leadership, managerial, integrity and general courses stay open to
everyone (their position-level rules still apply); a field's courses go to the job families that do that work,
clinical ones to the professions they train, a service's courses to the OPD that runs the service. Coaching
by the participant's own supervisor (``oleh_atasan``) and job-targeted coaching/mentoring/bimbingan are what
can close a performance (SKP) gap (planning.builder.serves_performance).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Audience:
    rumpun: tuple[str, ...] = ()
    jenis_unit: tuple[str, ...] = ()
    jabatan: tuple[str, ...] = ()
    opd: tuple[str, ...] = ()
    oleh_atasan: bool = False


EVERYONE = Audience()
ADMIN = ("ADMINISTRASI", "STRUKTURAL")
GURU = Audience(rumpun=("PENDIDIKAN",))
NAKES = Audience(rumpun=("KESEHATAN",))

BY_PREFIX: tuple[tuple[str, Audience], ...] = (
    ("PEN-", GURU),
    ("KES-", NAKES),
    ("KEU-", Audience(rumpun=ADMIN)),
    ("TIK-", Audience(rumpun=ADMIN)),
    ("ADM-", Audience(rumpun=ADMIN)),
    ("PRC-", Audience(rumpun=ADMIN)),
    ("HUK-", Audience(rumpun=ADMIN)),
    ("PEG-", Audience(rumpun=ADMIN)),
    ("INF-", Audience(opd=("DPUTR",))),
    ("LNG-", Audience(opd=("DLH",))),
    ("DUK-", Audience(opd=("DUKCAPIL",))),
    ("SOS-", Audience(opd=("DINSOS",))),
    ("TAN-", Audience(opd=("DKPP",))),
    ("HUB-", Audience(opd=("DISHUB",))),
    ("EKO-", Audience(opd=("DPMPTSP", "DISKOP", "DISPERINDAG"))),
)

BY_CODE: dict[str, Audience] = {
    # Education
    "PEN-04": Audience(rumpun=("PENDIDIKAN",), jenis_unit=("SEKOLAH",), jabatan=("Kepala",)),
    "PEN-COA": Audience(rumpun=("PENDIDIKAN",), jenis_unit=("SEKOLAH",), jabatan=("Guru",), oleh_atasan=True),
    "PEN-MEN": Audience(rumpun=("PENDIDIKAN",), jabatan=("Guru",)),
    # Health: clinical courses for the professions they train
    "KES-02": Audience(rumpun=("KESEHATAN",), jabatan=("Perawat", "Dokter", "Bidan")),
    "KES-03": Audience(rumpun=("KESEHATAN",), jabatan=("Bidan", "Dokter", "Perawat")),
    "KES-04": Audience(
        rumpun=("KESEHATAN",), jabatan=("Epidemiolog", "Dokter", "Tenaga Sanitasi", "Penyuluh")
    ),
    "KES-05": Audience(rumpun=("KESEHATAN",), jenis_unit=("PUSKESMAS",)),
    "KES-06": Audience(rumpun=("KESEHATAN",), jabatan=("Apoteker", "Asisten Apoteker")),
    "KES-07": Audience(rumpun=("KESEHATAN",), jenis_unit=("PUSKESMAS", "RUMAH_SAKIT")),
    "KES-10": Audience(rumpun=("KESEHATAN",), jabatan=("Perawat",)),
    "KES-EL2": Audience(rumpun=("KESEHATAN",), jabatan=("Perawat",)),
    "KES-EL3": Audience(rumpun=("KESEHATAN",), jabatan=("Bidan",)),
    "KES-EL5": Audience(rumpun=("KESEHATAN",), jabatan=("Apoteker", "Asisten Apoteker")),
    "KES-MAG": Audience(rumpun=("KESEHATAN",), jabatan=("Perawat", "Dokter"), jenis_unit=("RUMAH_SAKIT",)),
    "KES-BTK": Audience(rumpun=("KESEHATAN",), jenis_unit=("PUSKESMAS",)),
    "KES-COA": Audience(rumpun=("KESEHATAN",), jabatan=("Perawat",), jenis_unit=("RUMAH_SAKIT",)),
    "KES-MEN": Audience(rumpun=("KESEHATAN",), jabatan=("Bidan",)),
    "PJJ-03": NAKES,
    # Finance: revenue (PAD) courses for the revenue agency
    "KEU-04": Audience(rumpun=ADMIN, opd=("BPKPAD",)),
    "KEU-07": Audience(rumpun=ADMIN, opd=("BPKPAD",)),
    "KEU-PB": Audience(rumpun=ADMIN, opd=("BPKPAD",)),
    # Field mentoring serves the performance of those who do that work, not of every administrator
    "KEU-MEN": Audience(
        jabatan=("Analis Keuangan", "Pengelola Keuangan", "Bendahara", "Kepala Subbagian Keuangan")
    ),
    "PRC-MEN": Audience(jabatan=("Perencana", "Analis Kebijakan", "Kepala Subbagian Perencanaan")),
    "TIK-MEN": Audience(jabatan=("Pranata Komputer", "Pengelola Sistem", "Kepala Seksi Aplikasi")),
    "HUK-MEN": Audience(jabatan=("Perancang Peraturan", "Analis Hukum", "Kepala Bagian Hukum")),
    "PJJ-02": Audience(rumpun=ADMIN),
    # Functional training for the holders of the functional position
    "FUN-PBJ": Audience(jabatan=("Pengelola Pengadaan",)),
    "FUN-PRAKOM": Audience(jabatan=("Pranata Komputer",)),
    "TIK-KOM": Audience(rumpun=ADMIN, jabatan=("Pranata Komputer", "Kepala", "Sekretaris")),
    "FUN-ARS": Audience(jabatan=("Arsiparis",)),
    "FUN-AUD": Audience(jabatan=("Auditor",)),
    "FUN-PRC": Audience(jabatan=("Perencana",)),
    "FUN-AK": Audience(jabatan=("Analis Kebijakan",)),
    "FUN-SDM": Audience(jabatan=("Analis Sumber Daya Manusia",)),
    # Public order
    "HUK-02": Audience(rumpun=("KETERTIBAN", "STRUKTURAL"), opd=("SATPOLPP",)),
    "HUK-03": Audience(rumpun=("KETERTIBAN", "STRUKTURAL"), opd=("SATPOLPP",)),
    "HUK-BTK": Audience(rumpun=("KETERTIBAN",), opd=("SATPOLPP",)),
    # Kecamatan and kelurahan services
    "ADM-KOM": Audience(rumpun=ADMIN, jenis_unit=("KECAMATAN", "KELURAHAN")),
    "ADM-BTK": Audience(rumpun=("ADMINISTRASI",)),
    # Coaching by the participant's own supervisor serves a performance gap of anyone
    "COA-01": Audience(oleh_atasan=True),
}


def audience_for(kode: str) -> Audience:
    if kode in BY_CODE:
        return BY_CODE[kode]
    return next((a for prefix, a in BY_PREFIX if kode.startswith(prefix)), EVERYONE)
