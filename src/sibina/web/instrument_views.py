"""Pages of the Kirkpatrick instruments L1–L3 (rules: ``sibina.access.evaluation``):

- ``/evaluasi/reaksi/<peserta>/``: a participant's own class questionnaire (L1), once; anyone else's: 404;
- ``/evaluasi/perilaku/<peserta>/``: the behaviour rating (L3) of an alumnus by their atasan or by themself;
  anyone else's: 404;
- ``/kelas/<kelas>/evaluasi/``: a class's L1 response rate (and the program's), item means and comments, and its
  L2 pre/post scores with N-gain (BKPSDM, the PPK, the auditor; BKPSDM enters scores, ``…/evaluasi/tes/``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sibina import access
from sibina.access.evaluation import access_perilaku, access_reaksi
from sibina.delivery import aksi
from sibina.delivery.models import Peserta
from sibina.evaluation import instruments
from sibina.evaluation.instrument_models import NilaiTes, PenilaianPerilaku
from sibina.web import params
from sibina.web.delivery_common import refused, signed_in, write_kelas


@login_required
@require_http_methods(["GET", "POST"])
def reaksi_form(request: HttpRequest, peserta_id: int) -> HttpResponse:
    user = signed_in(request)
    _scope, peserta = access_reaksi(user, peserta_id)
    today = timezone.localdate()
    items = instruments.active_items()
    done = hasattr(peserta, "respons_reaksi")
    if request.method == "POST" and not done:
        answers = {b.kode: params.text(request.POST, b.kode, max_length=2) for b in items}
        try:
            instruments.submit_reaksi(
                by=user,
                peserta=peserta,
                answers=answers,
                komentar=params.text(request.POST, "komentar", max_length=2000),
                today=today,
            )
        except ValidationError as err:
            refused(request, err)
        else:
            messages.success(request, _("Thank you: your feedback on the class is saved."))
        return redirect(reverse("web:reaksi_form", args=[peserta.pk]))
    return render(
        request,
        "web/evaluation_reaksi.html",
        {
            "peserta": peserta,
            "items": items,
            "scale": range(1, 6),
            "done": done,
            "open": instruments.reaksi_open(peserta, today=today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def perilaku_form(request: HttpRequest, peserta_id: int) -> HttpResponse:
    user = signed_in(request)
    scope, peserta, penilai = access_perilaku(user, peserta_id)
    today = timezone.localdate()
    given = PenilaianPerilaku.objects.filter(peserta=peserta, penilai=penilai).first()
    leadership = aksi.is_leadership(peserta.kelas.kegiatan)
    if request.method == "POST" and given is None and scope.pegawai_id is not None:
        applied = params.text(request.POST, "aksi", max_length=5) if leadership else ""
        try:
            instruments.rate_perilaku(
                by=user,
                peserta=peserta,
                penilai=penilai,
                rater=peserta.pegawai if penilai == "DIRI" else peserta.pegawai.atasan,  # type: ignore[arg-type]
                nilai=params.text(request.POST, "nilai", max_length=2),
                aksi_diterapkan={"ya": True, "tidak": False}.get(applied),
                catatan=params.text(request.POST, "catatan", max_length=2000),
                today=today,
            )
        except ValidationError as err:
            refused(request, err)
        else:
            messages.success(request, _("The behaviour rating is saved."))
        return redirect(reverse("web:perilaku_form", args=[peserta.pk]))
    return render(
        request,
        "web/evaluation_perilaku.html",
        {
            "peserta": peserta,
            "self": penilai == "DIRI",
            "given": given,
            "open": instruments.perilaku_open(peserta, today=today),
            "leadership": leadership,
            "scale": range(1, 6),
        },
    )


@login_required
@require_http_methods(["GET"])
def kelas_evaluasi(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user = signed_in(request)
    scope, kelas = access.access_kelas(user, kelas_id)
    today = timezone.localdate()
    summary = instruments.kelas_summary(kelas, today=today)
    asked, filled, rate = instruments.program_rate(kelas, today=today)
    scored = {t.peserta.pk for t in summary.tes}
    accepted = list(
        Peserta.objects.filter(kelas=kelas, status=Peserta.Status.DITERIMA)
        .select_related("pegawai")
        .order_by("pegawai__nama")
    )
    versions = dict(NilaiTes.objects.filter(peserta__kelas=kelas).values_list("peserta_id", "version"))
    return render(
        request,
        "web/evaluation_kelas.html",
        {
            "kelas": kelas,
            "s": summary,
            "program": {"asked": asked, "filled": filled, "rate": rate},
            "accepted": accepted,
            "scored": scored,
            "versions": versions,
            "writes": scope.role == "BKPSDM",
        },
    )


@login_required
@require_POST
def kelas_tes(request: HttpRequest, kelas_id: int) -> HttpResponse:
    user, kelas = write_kelas(request, kelas_id)
    back = redirect(reverse("web:kelas_evaluasi", args=[kelas.pk]) + "#tes")
    pid = params.optional_integer(request.POST, "peserta", min_value=1, max_value=2_000_000_000)
    peserta = (
        Peserta.objects.filter(kelas=kelas, pk=pid).select_related("pegawai").first()
        if pid is not None
        else None
    )
    if peserta is None:
        messages.error(request, _("Choose a participant of this class."))
        return back
    try:
        pre = instruments.parse_score(params.text(request.POST, "pre", max_length=20), _("Pre-test"))
        post = instruments.parse_score(params.text(request.POST, "post", max_length=20), _("Post-test"))
        seen = params.optional_integer(request.POST, "version", min_value=1, max_value=2_000_000_000)
        instruments.record_tes(by=user, peserta=peserta, pre=pre, post=post, seen=seen)
    except ValidationError as err:
        refused(request, err, peserta.pegawai.nama)
    else:
        messages.success(
            request, _("The test scores of %(name)s are saved.") % {"name": peserta.pegawai.nama}
        )
    return back
