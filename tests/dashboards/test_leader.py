"""The leaders' dashboard reads every stage from the read-side package; the coaching app reads none of them."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import sibina.coaching
from sibina.dashboards import leader
from sibina.people.models import Instansi, RiwayatPengembangan, UnitKerja
from tests import factories as f

LATER_STAGES = ("sibina.needs", "sibina.planning", "sibina.approvals", "sibina.dashboards")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_coaching_reads_no_later_stage() -> None:
    package = Path(sibina.coaching.__file__).parent
    found = {
        (str(path.relative_to(package)), name)
        for path in package.rglob("*.py")
        for name in _imports(path)
        if name.startswith(LATER_STAGES)
    }
    assert found == set()


def _record(pegawai_id: int, jp: str, tahun: int = 2026) -> None:
    RiwayatPengembangan.objects.create(
        pegawai_id=pegawai_id,
        jenis=RiwayatPengembangan.Jenis.KURSUS,
        nama_kegiatan="Pelatihan",
        tanggal_mulai=dt.date(tahun, 3, 1),
        tahun=tahun,
        jp=Decimal(jp),
        sumber=RiwayatPengembangan.Sumber.SIBINA,
    )


def test_jp_summary_holds_each_asn_type_to_its_target(binjai: Instansi) -> None:
    unit = UnitKerja.objects.get(instansi=binjai, kode="DINKES")
    pns = f.pegawai(binjai, unit, nama="A PNS")
    cpns = f.pegawai(binjai, unit, nama="B CPNS", jenis_asn="CPNS")
    pppk = f.pegawai(binjai, unit, nama="C PPPK", jenis_asn="PPPK")
    paruh = f.pegawai(binjai, unit, nama="D PPPK PW", jenis_asn="PPPK_PW")
    for p, jp in ((pns, "20"), (cpns, "19.99"), (pppk, "24"), (paruh, "24.01")):
        _record(p.pk, jp)
    summary = leader.jp_summary(team=leader.Team(binjai, opd=unit), tahun=2026)
    assert [(r.pegawai.nama, r.jp.status.status, r.jp.batas, r.jp.pppk) for r in summary.rows] == [
        ("B CPNS", "KURANG", Decimal(20), False),
        ("A PNS", "TERCAPAI", Decimal(20), False),
        ("D PPPK PW", "MELEBIHI", Decimal(24), True),
        ("C PPPK", "DALAM_BATAS", Decimal(24), True),
    ]
    assert (summary.wajib, summary.tercapai, summary.pppk, summary.pppk_melebihi) == (2, 1, 2, 1)
