"""The commitment figures a reader may see, for the pages that show them: the wide roles every OPD and the city,
a Kepala OPD their own OPD only, an atasan their team (direct subordinates and self). Never another OPD's row."""

from __future__ import annotations

from sibina import access
from sibina.delivery.commitment import figures_by_opd, figures_of
from sibina.people.scope import Scope
from sibina.roles import Role


def team_figures(user: access.User, scope: Scope, tahun: int) -> dict[str, object]:
    """Template context: ``komitmen_rows`` (per OPD, possibly empty), ``komitmen_total`` and its label kind."""
    if scope.sees_all:
        instansi = access.access_instansi(user)
        rows, total = figures_by_opd(instansi=instansi, tahun=tahun)
        shown = [r for r in rows if not r.figures.kosong]
        return {
            "komitmen_rows": shown,
            "komitmen_kosong": len(rows) - len(shown),
            "komitmen_total": total,
            "komitmen_of": "kota",
            "komitmen_year": tahun,
        }
    if scope.role == Role.KEPALA_OPD:
        opd = access.kepala_opd(user, scope, "commitment figures")
        _rows, total = figures_by_opd(instansi=opd.instansi, tahun=tahun, opd=opd)
        return {"komitmen_rows": [], "komitmen_total": total, "komitmen_of": opd.nama, "komitmen_year": tahun}
    total = figures_of(where=scope.pegawai_q("pegawai__"), tahun=tahun)
    return {"komitmen_rows": [], "komitmen_total": total, "komitmen_of": "tim", "komitmen_year": tahun}
