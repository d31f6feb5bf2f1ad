"""Records of the Kirkpatrick instruments L1–L3, kept per class participant (``delivery.Peserta``):

- L1 reaction: the item set (``ButirReaksi``, admin-editable, six items by default) and one response per
  participant (``ResponsReaksi`` with its ``JawabanReaksi`` 1–5 and a free comment);
- L2 learning: the pre/post test scores 0–100 (``NilaiTes``), one row per participant;
- L3 behaviour: the atasan's and the alumnus's own rating of the change at work 1–5 (``PenilaianPerilaku``), one
  per participant and rater kind, with whether the change project was applied;
- the reminders of the instruments (``PengingatEvaluasi``), one row per trigger and participant: exactly once.

Imported at the end of ``evaluation/models.py`` so Django finds them in the ``evaluation`` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sibina.delivery.models import Peserta
from sibina.people.models import Pegawai

__all__ = [
    "ButirReaksi",
    "JawabanReaksi",
    "NilaiTes",
    "PengingatEvaluasi",
    "PenilaianPerilaku",
    "ResponsReaksi",
]


class ButirReaksi(models.Model):
    """One item of the reaction questionnaire (answered 1–5); inactive items are no longer asked."""

    kode = models.CharField(_("code"), max_length=20, unique=True)
    teks = models.CharField(_("question"), max_length=300)
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)
    aktif = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("reaction questionnaire item")
        verbose_name_plural = _("reaction questionnaire items")
        ordering = ["urutan", "kode"]

    def __str__(self) -> str:
        return self.teks


class ResponsReaksi(models.Model):
    """A participant's reaction to their class (L1): one per participant, so one per person and class."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="respons_reaksi")
    komentar = models.TextField(_("comment"), blank=True)
    diisi_pada = models.DateTimeField(_("filled in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction response (L1)")
        verbose_name_plural = _("reaction responses (L1)")

    def __str__(self) -> str:
        return f"L1 {self.peserta_id}"


class JawabanReaksi(models.Model):
    respons = models.ForeignKey(ResponsReaksi, on_delete=models.CASCADE, related_name="jawaban")
    butir = models.ForeignKey(ButirReaksi, on_delete=models.PROTECT, related_name="+")
    nilai = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("reaction answer")
        verbose_name_plural = _("reaction answers")
        constraints = [
            models.UniqueConstraint(fields=["respons", "butir"], name="jawaban_reaksi_unique"),
            models.CheckConstraint(condition=Q(nilai__gte=1, nilai__lte=5), name="jawaban_reaksi_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.respons_id} {self.butir_id}: {self.nilai}"


class NilaiTes(models.Model):
    """The pre- and post-test scores (0–100) of one participant (L2)."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="nilai_tes")
    pre = models.DecimalField(_("pre-test"), max_digits=5, decimal_places=2)
    post = models.DecimalField(_("post-test"), max_digits=5, decimal_places=2)
    import_batch = models.ForeignKey(
        "imports.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("test scores (L2)")
        verbose_name_plural = _("test scores (L2)")
        constraints = [
            models.CheckConstraint(condition=Q(pre__gte=0, pre__lte=100), name="nilai_tes_pre_0_100"),
            models.CheckConstraint(condition=Q(post__gte=0, post__lte=100), name="nilai_tes_post_0_100"),
        ]

    def __str__(self) -> str:
        return f"L2 {self.peserta_id}: {self.pre} → {self.post}"


class PenilaianPerilaku(models.Model):
    """A rating of the change at work of one alumnus (L3): by their atasan, or by themself."""

    class Penilai(models.TextChoices):
        ATASAN = "ATASAN", _("Supervisor")
        DIRI = "DIRI", _("Self")

    peserta = models.ForeignKey(Peserta, on_delete=models.CASCADE, related_name="penilaian_perilaku")
    penilai = models.CharField(_("rater"), max_length=6, choices=Penilai.choices)
    dinilai_oleh = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    nilai = models.PositiveSmallIntegerField(_("change at work (1–5)"))
    aksi_diterapkan = models.BooleanField(_("change project applied"), null=True, blank=True)
    catatan = models.TextField(_("note"), blank=True)
    dinilai_pada = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("behaviour rating (L3)")
        verbose_name_plural = _("behaviour ratings (L3)")
        constraints = [
            models.UniqueConstraint(fields=["peserta", "penilai"], name="penilaian_perilaku_unique"),
            models.CheckConstraint(condition=Q(nilai__gte=1, nilai__lte=5), name="penilaian_perilaku_1_5"),
        ]

    def __str__(self) -> str:
        return f"L3 {self.peserta_id} {self.penilai}: {self.nilai}"


class PengingatEvaluasi(models.Model):
    """One reminder of the instruments, sent once per trigger and participant."""

    class Jenis(models.TextChoices):
        REAKSI = "REAKSI", _("Reaction questionnaire not filled in")
        PERILAKU_ATASAN = "L3ATASAN", _("Behaviour rating by the supervisor missing")
        PERILAKU_DIRI = "L3DIRI", _("Self-rating of behaviour missing")

    jenis = models.CharField(_("trigger"), max_length=8, choices=Jenis.choices)
    peserta = models.ForeignKey(Peserta, on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField(_("date"))
    dikirim = models.PositiveSmallIntegerField(_("accounts told"), default=0)

    class Meta:
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        constraints = [
            models.UniqueConstraint(fields=["jenis", "peserta"], name="pengingat_evaluasi_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.peserta_id}"
