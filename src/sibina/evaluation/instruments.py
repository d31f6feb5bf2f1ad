"""Services and read models of the Kirkpatrick instruments L1–L3 (records: ``instrument_models``; rules:
``instrument_domain``). Services are keyword-only, atomic and audited; bad input raises ``ValidationError`` naming
the field, with nothing written.

Who may answer: the L1 questionnaire, a participant who accepted a class that has ended (not cancelled) and
completed it or attended a session; the L3 rating, from ``EVALUASI_PERILAKU_BULAN_MIN`` months after a completed
class, the participant's atasan (``ATASAN``) and the participant (``DIRI``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sibina import versioning
from sibina.audit.services import audit_record
from sibina.delivery.models import Kehadiran, Kelas, Peserta
from sibina.evaluation import instrument_domain as rules
from sibina.evaluation.instrument_models import (
    ButirReaksi,
    JawabanReaksi,
    NilaiTes,
    PenilaianPerilaku,
    ResponsReaksi,
)
from sibina.people.models import Pegawai
from sibina.reference.selectors import KetentuanTable

SETTINGS = ("EVALUASI_REAKSI_HARI", "EVALUASI_PERILAKU_BULAN_MIN", "EVALUASI_PERILAKU_BULAN_MAKS")


@dataclass(frozen=True)
class Settings:
    reaksi_hari: int
    bulan_min: int
    bulan_maks: int


def settings_on(day: dt.date) -> Settings:
    table = KetentuanTable(SETTINGS)
    hari, bmin, bmaks = (int(table.value(k, on=day)) for k in SETTINGS)
    return Settings(reaksi_hari=hari, bulan_min=bmin, bulan_maks=bmaks)


# --- who may answer ------------------------------------------------------------------------------------------


def reaksi_open(peserta: Peserta, *, today: dt.date) -> bool:
    """May this participant fill in the reaction questionnaire now?"""
    kelas = peserta.kelas
    if (
        peserta.status != Peserta.Status.DITERIMA
        or kelas.status != Kelas.Status.DIBUKA
        or kelas.selesai > today
    ):
        return False
    if peserta.hasil == Peserta.Hasil.SELESAI:
        return True
    return Kehadiran.objects.filter(peserta=peserta, hadir=True).exists()


def perilaku_open(peserta: Peserta, *, today: dt.date) -> bool:
    """May this alumnus's behaviour be rated now (completed, and the rating window opened)?"""
    if peserta.status != Peserta.Status.DITERIMA or peserta.hasil != Peserta.Hasil.SELESAI:
        return False
    s = settings_on(today)
    opens, _due = rules.perilaku_window(peserta.kelas.selesai, bulan_min=s.bulan_min, bulan_maks=s.bulan_maks)
    return today >= opens


def active_items() -> list[ButirReaksi]:
    return list(ButirReaksi.objects.filter(aktif=True).order_by("urutan", "kode"))


# --- L1 ---------------------------------------------------------------------------------------------------------


def submit_reaksi(
    *, by: User, peserta: Peserta, answers: Mapping[str, str], komentar: str, today: dt.date
) -> ResponsReaksi:
    """Record the participant's reaction: every active item answered 1–5; once only."""
    if not reaksi_open(peserta, today=today):
        raise ValidationError(_("This class's questionnaire is not open to you."))
    items = active_items()
    scores: dict[int, int] = {}
    for b in items:
        raw = (answers.get(b.kode) or "").strip()
        if raw not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(
                _("Answer “%(item)s” with a score from 1 to 5.") % {"item": b.teks}, code=b.kode
            )
        scores[b.pk] = int(raw)
    try:
        with transaction.atomic():
            respons = ResponsReaksi.objects.create(peserta=peserta, komentar=komentar.strip()[:2000])
            JawabanReaksi.objects.bulk_create(
                JawabanReaksi(respons=respons, butir_id=k, nilai=v) for k, v in scores.items()
            )
            audit_record(
                by=by,
                action="evaluation.reaction",
                obj=respons,
                after={"peserta": peserta.pk, "nilai": {b.kode: scores[b.pk] for b in items}},
            )
    except IntegrityError:
        raise ValidationError(_("You have already filled in this class's questionnaire.")) from None
    return respons


# --- L2 ---------------------------------------------------------------------------------------------------------


def parse_score(raw: object, field: str) -> Decimal:
    """A test score 0–100 with at most two decimals (a comma decimal accepted); ValidationError naming it."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 100 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            _("%(field)s must be a score from 0 to 100, not “%(value)s”.") % {"field": field, "value": raw},
            code=field,
        )
    return value


def record_tes(
    *,
    by: User | None,
    peserta: Peserta,
    pre: Decimal,
    post: Decimal,
    seen: int | None,
    batch_id: int | None = None,
) -> tuple[NilaiTes, bool]:
    """Set a participant's pre/post scores; returns the row and whether anything changed. ``seen``: the version
    the form showed (None: no check, an import)."""
    if peserta.status != Peserta.Status.DITERIMA:
        raise ValidationError(_("Only a participant who accepted the class has test scores."))
    with transaction.atomic():
        row = NilaiTes.objects.select_for_update().filter(peserta=peserta).first()
        if row is None:
            row = NilaiTes.objects.create(
                peserta=peserta, pre=pre, post=post, dicatat_oleh=by, import_batch_id=batch_id
            )
            audit_record(by=by, action="evaluation.test", obj=row, after={"pre": pre, "post": post})
            return row, True
        if seen is not None:
            versioning.check(row, seen=seen)
        if row.pre == pre and row.post == post:
            return row, False
        before = {"pre": row.pre, "post": row.post}
        NilaiTes.objects.filter(pk=row.pk).update(
            pre=pre, post=post, dicatat_oleh=by, import_batch_id=batch_id
        )
        versioning.bump(row)
        row.refresh_from_db()
        audit_record(
            by=by, action="evaluation.test", obj=row, before=before, after={"pre": pre, "post": post}
        )
        return row, True


# --- L3 ---------------------------------------------------------------------------------------------------------


def rate_perilaku(
    *,
    by: User,
    peserta: Peserta,
    penilai: str,
    rater: Pegawai,
    nilai: str,
    aksi_diterapkan: bool | None,
    catatan: str,
    today: dt.date,
) -> PenilaianPerilaku:
    """Record one behaviour rating (1–5), once per participant and rater kind."""
    if not perilaku_open(peserta, today=today):
        raise ValidationError(_("This behaviour rating is not open yet."))
    if (nilai or "").strip() not in {"1", "2", "3", "4", "5"}:
        raise ValidationError(_("Rate the change at work with a score from 1 to 5."), code="nilai")
    try:
        with transaction.atomic():
            row = PenilaianPerilaku.objects.create(
                peserta=peserta,
                penilai=penilai,
                dinilai_oleh=rater,
                nilai=int(nilai),
                aksi_diterapkan=aksi_diterapkan,
                catatan=catatan.strip()[:2000],
            )
            audit_record(
                by=by,
                action="evaluation.behaviour",
                obj=row,
                after={
                    "peserta": peserta.pk,
                    "penilai": penilai,
                    "nilai": row.nilai,
                    "aksi": aksi_diterapkan,
                },
            )
    except IntegrityError:
        raise ValidationError(_("This behaviour rating was already given.")) from None
    return row


# --- read models ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TesRow:
    peserta: Peserta
    pre: Decimal
    post: Decimal
    gain: Fraction | None
    kategori: str


@dataclass(frozen=True)
class KelasSummary:
    diminta: int  # participants asked for the L1 questionnaire
    mengisi: int
    rate: Fraction | None
    item_means: list[tuple[ButirReaksi, Fraction | None]]
    komentar: list[str]
    tes: list[TesRow]
    pre_rata: Fraction | None
    post_rata: Fraction | None
    gain_rata: Fraction | None
    gain_kategori: str | None


def _asked(kelas_ids: list[int]) -> list[Peserta]:
    return list(
        Peserta.objects.filter(kelas_id__in=kelas_ids, status=Peserta.Status.DITERIMA, kelas__status="DIBUKA")
        .select_related("pegawai", "kelas")
        .order_by("pegawai__nama", "id")
    )


def kelas_summary(kelas: Kelas, *, today: dt.date) -> KelasSummary:
    """Response rate, item means and comments of L1; the test scores with N-gain and the class averages of L2."""
    accepted = _asked([kelas.pk])
    asked = [p for p in accepted if reaksi_open(p, today=today)] if kelas.selesai <= today else []
    responses = list(ResponsReaksi.objects.filter(peserta__kelas=kelas).prefetch_related("jawaban"))
    items = list(ButirReaksi.objects.order_by("urutan", "kode"))
    by_item: dict[int, list[Fraction]] = {b.pk: [] for b in items}
    for r in responses:
        for j in r.jawaban.all():
            by_item[j.butir_id].append(Fraction(j.nilai))
    tes = []
    for n in NilaiTes.objects.filter(peserta__kelas=kelas).select_related("peserta__pegawai"):
        g = rules.n_gain(n.pre, n.post)
        tes.append(TesRow(n.peserta, n.pre, n.post, g, rules.kategori(g)))
    tes.sort(key=lambda t: t.peserta.pegawai.nama)
    gains = [t.gain for t in tes if t.gain is not None]
    gain_rata = rules.rata(gains)
    return KelasSummary(
        diminta=len(asked),
        mengisi=len(responses),
        rate=rules.rate(len(responses), len(asked)),
        item_means=[(b, rules.rata(by_item[b.pk])) for b in items if by_item[b.pk] or b.aktif],
        komentar=[r.komentar for r in responses if r.komentar],
        tes=tes,
        pre_rata=rules.rata([Fraction(t.pre) for t in tes]),
        post_rata=rules.rata([Fraction(t.post) for t in tes]),
        gain_rata=gain_rata,
        gain_kategori=rules.kategori(gain_rata) if gain_rata is not None else None,
    )


def program_rate(kelas: Kelas, *, today: dt.date) -> tuple[int, int, Fraction | None]:
    """The L1 response rate over every ended class of the same activity in the same cycle."""
    ids = list(
        Kelas.objects.filter(
            cycle=kelas.cycle, kegiatan=kelas.kegiatan, status=Kelas.Status.DIBUKA, selesai__lte=today
        ).values_list("pk", flat=True)
    )
    asked = [p for p in _asked(ids) if reaksi_open(p, today=today)]
    filled = ResponsReaksi.objects.filter(peserta__in=asked).count()
    return len(asked), filled, rules.rate(filled, len(asked))


def ratings_by_opd(
    *, instansi_id: int, tahun: int, today: dt.date, top: Mapping[int, int]
) -> dict[int | None, tuple[int, int]]:
    """Behaviour ratings by the atasan (L3) of the year's completions: (given, due) per OPD (``top``: unit id →
    OPD id) and for the whole instansi (None). Due: the rating window has opened."""
    s = settings_on(today)
    rows = (
        Peserta.objects.filter(
            pegawai__instansi_id=instansi_id,
            cycle__tahun=tahun,
            status=Peserta.Status.DITERIMA,
            hasil=Peserta.Hasil.SELESAI,
        )
        .values_list("pk", "pegawai__unit_id", "kelas__selesai")
        .order_by()
    )
    given = set(
        PenilaianPerilaku.objects.filter(
            peserta__cycle__tahun=tahun, peserta__pegawai__instansi_id=instansi_id, penilai="ATASAN"
        ).values_list("peserta_id", flat=True)
    )
    out: dict[int | None, list[int]] = {}
    for pk, unit_id, selesai in rows:
        opens, _due = rules.perilaku_window(selesai, bulan_min=s.bulan_min, bulan_maks=s.bulan_maks)
        if opens > today:
            continue
        for key in (None, top.get(unit_id)):
            cell = out.setdefault(key, [0, 0])
            cell[0] += pk in given
            cell[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}
