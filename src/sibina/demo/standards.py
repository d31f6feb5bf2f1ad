"""Item (f) of the plan document for the synthetic catalogue: which curriculum standard each activity follows.

Plausible, not verified: leadership and basic training follow LAN's curricula, functional training the curriculum
of the position's instansi pembina (LKPP, BKN, ANRI, BPKP, Bappenas, BPS), technical health and education training
the ministries' accredited curricula, regional finance and population administration the Ministry of Home
Affairs'. Everything else (workshops, seminars, coaching, communities of practice, in-house courses) has no
standard yet, and the document says so. Synthetic like the rest of the demo.
"""

from __future__ import annotations

LAN = "Lembaga Administrasi Negara (LAN)"
KEMENKES = "Kementerian Kesehatan"
KEMENDIKDASMEN = "Kementerian Pendidikan Dasar dan Menengah"
KEMENDAGRI = "Kementerian Dalam Negeri"
LKPP = "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah (LKPP)"

_HEALTH = (KEMENKES, "Kurikulum pelatihan terakreditasi Kemenkes (SIAKPEL)")
_TEACHING = (KEMENDIKDASMEN, "Kurikulum pelatihan guru dan kepala sekolah (Ditjen GTK)")
_FINANCE = (KEMENDAGRI, "Kurikulum pelatihan pengelolaan keuangan daerah (BPSDM Kemendagri)")
_PROCUREMENT = (LKPP, "Kurikulum Pelatihan Pengadaan Barang/Jasa Tingkat Dasar")
_DUKCAPIL = (KEMENDAGRI, "Kurikulum pelatihan administrasi kependudukan (Ditjen Dukcapil)")

STANDARDS: dict[str, tuple[str, str]] = {
    "PIM-PKP": (LAN, "Peraturan LAN 15/2019: Pelatihan Kepemimpinan Pengawas"),
    "PIM-PKP-F": (LAN, "Peraturan LAN 15/2019: Pelatihan Kepemimpinan Pengawas"),
    "PIM-PKA": (LAN, "Kurikulum Pelatihan Kepemimpinan Administrator"),
    "PIM-PKN2": (LAN, "Kurikulum Pelatihan Kepemimpinan Nasional Tingkat II"),
    "DAS-LATSAR3": (LAN, "Peraturan LAN 1/2021: Pelatihan Dasar CPNS"),
    "DAS-LATSAR2": (LAN, "Peraturan LAN 1/2021: Pelatihan Dasar CPNS"),
    "MAN-01": (LAN, "Kurikulum pelatihan manajerial (kompetensi manajerial PermenPANRB 38/2017)"),
    "MAN-03": (LAN, "Kurikulum pelatihan manajerial (kompetensi manajerial PermenPANRB 38/2017)"),
    "INT-EL1": ("Komisi Pemberantasan Korupsi (KPK)", "Kurikulum Anti-Corruption Learning Center (ACLC)"),
    "FUN-PBJ": (LKPP, "Kurikulum Pelatihan Fungsional Pengelola Pengadaan Barang/Jasa"),
    "FUN-PRAKOM": ("Badan Pusat Statistik (BPS)", "Kurikulum Pelatihan Fungsional Pranata Komputer"),
    "FUN-ARS": ("Arsip Nasional Republik Indonesia (ANRI)", "Kurikulum Pelatihan Fungsional Arsiparis"),
    "FUN-AUD": ("Badan Pengawasan Keuangan dan Pembangunan (BPKP)", "Kurikulum Pelatihan Fungsional Auditor"),
    "FUN-PRC": ("Kementerian PPN/Bappenas", "Kurikulum Pelatihan Fungsional Perencana"),
    "FUN-AK": (LAN, "Kurikulum Pelatihan Fungsional Analis Kebijakan"),
    "FUN-SDM": ("Badan Kepegawaian Negara (BKN)", "Kurikulum Pelatihan Fungsional Analis SDM Aparatur"),
    "KEU-05": _PROCUREMENT,
    "KEU-EL4": _PROCUREMENT,
    "TIK-EL1": ("Kementerian Komunikasi dan Digital", "Kurikulum Government Transformation Academy"),
    "HUK-02": (KEMENDAGRI, "Kurikulum pelatihan teknis Satuan Polisi Pamong Praja"),
    "PEG-01": ("Badan Kepegawaian Negara (BKN)", "Kurikulum pelatihan manajemen ASN dan SIASN"),
}
STANDARDS |= {
    kode: _HEALTH for kode in ("KES-01", "KES-02", "KES-03", "KES-04", "KES-05", "KES-06", "KES-07")
}
STANDARDS |= {kode: _HEALTH for kode in ("KES-08", "KES-EL1", "KES-EL2", "KES-EL3", "KES-EL4", "KES-EL5")}
STANDARDS |= {kode: _TEACHING for kode in ("PEN-01", "PEN-02", "PEN-03", "PEN-04", "PEN-05", "PEN-06")}
STANDARDS |= {kode: _TEACHING for kode in ("PEN-EL1", "PEN-EL2", "PEN-EL3")}
STANDARDS |= {
    kode: _FINANCE for kode in ("KEU-01", "KEU-02", "KEU-03", "KEU-04", "KEU-06", "KEU-EL1", "KEU-EL2")
}
STANDARDS |= {kode: _DUKCAPIL for kode in ("DUK-01", "DUK-02", "DUK-EL1")}


def standard_for(kode: str) -> tuple[str, str]:
    """(instansi pembina, the standard's reference) of a demo activity; ("", "") when it has none yet."""
    return STANDARDS.get(kode, ("", ""))
