"""The approval of a cycle's plan: BKPSDM drafts and sends it, each Kepala OPD reviews their part (lock,
exclude, swap, note; approve or return), BKPSDM consolidates by re-optimising under those decisions, the PPK sets
it by decree. An amendment after that opens a new version of the workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sibina.catalogue.models import Kegiatan
from sibina.people.models import Pegawai, UnitKerja
from sibina.planning.models import Plan, PlanCycle


class Persetujuan(models.Model):
    """One version of the approval of a cycle's plan; ``plan`` is the plan currently under approval."""

    class Tahap(models.TextChoices):
        DRAF = "DRAF", _("Draft (BKPSDM)")
        DIKIRIM = "DIKIRIM", _("Sent to the OPDs for review")
        DIKONSOLIDASI = "KONSOLIDASI", _("Consolidated, awaiting the PPK")
        DITETAPKAN = "DITETAPKAN", _("Set by the PPK (frozen)")
        DIGANTI = "DIGANTI", _("Replaced by an amendment")

    cycle = models.ForeignKey(PlanCycle, on_delete=models.CASCADE, related_name="persetujuan")
    versi = models.PositiveSmallIntegerField(_("plan version"), default=1)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+", verbose_name=_("plan"))
    plan_sebelum = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan before consolidation"),
    )
    amandemen_dari = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amandemen",
        verbose_name=_("amends"),
    )
    tahap = models.CharField(_("stage"), max_length=12, choices=Tahap.choices, default=Tahap.DRAF)
    batas_review = models.DateField(_("review deadline"), null=True, blank=True)
    batas_penetapan = models.DateField(_("deadline for setting the plan"), null=True, blank=True)
    alasan_amandemen = models.TextField(_("reason for the amendment"), blank=True)
    nomor_keputusan = models.CharField(_("decree number"), max_length=100, blank=True)
    tanggal_keputusan = models.DateField(_("decree date"), null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(_("set at"), null=True, blank=True)
    # Set while OPD reviews were missing or returned: the PPK's written reason, and how many were open then.
    alasan_tanpa_telaah = models.TextField(_("reason for setting without every OPD's approval"), blank=True)
    telaah_terbuka = models.PositiveIntegerField(_("OPD reviews not approved when set"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan approval")
        verbose_name_plural = _("plan approvals")
        ordering = ["-cycle__tahun", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "versi"], name="persetujuan_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.versi} ({self.get_tahap_display()})"


class ReviewOpd(models.Model):
    """One OPD's review of its part of the plan."""

    class Status(models.TextChoices):
        MENUNGGU = "MENUNGGU", _("Awaiting review")
        DISETUJUI = "DISETUJUI", _("Approved")
        DIKEMBALIKAN = "DIKEMBALIKAN", _("Returned with comments")

    persetujuan = models.ForeignKey(Persetujuan, on_delete=models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MENUNGGU)
    komentar = models.TextField(_("comment"), blank=True)
    batas = models.DateField(_("deadline"), null=True, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(_("decided at"), null=True, blank=True)
    diingatkan_pada = models.DateTimeField(_("last reminded"), null=True, blank=True)
    # BKPSDM's answer to a returned part's comment (what it did about it), required before consolidating.
    tindak_lanjut = models.TextField(_("follow-up of the comment"), blank=True)
    ditindaklanjuti_pada = models.DateTimeField(_("followed up at"), null=True, blank=True)
    # Items of this part that the last consolidation changed while it stood approved: the part is back with its
    # Kepala OPD for a new look (status MENUNGGU again), and the page says why.
    perubahan_konsolidasi = models.PositiveIntegerField(_("changes by consolidation"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("OPD review")
        verbose_name_plural = _("OPD reviews")
        ordering = ["unit__nama"]
        constraints = [models.UniqueConstraint(fields=["persetujuan", "unit"], name="review_opd_unique")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.status_label}"

    @property
    def status_label(self) -> str:
        """The status as people read it: a part consolidation changed after its approval says so."""
        if self.status == self.Status.MENUNGGU and self.perubahan_konsolidasi:
            return ngettext(
                "Back for a new look: %(n)s change by consolidation",
                "Back for a new look: %(n)s changes by consolidation",
                self.perubahan_konsolidasi,
            ) % {"n": self.perubahan_konsolidasi}
        return str(self.get_status_display())


class Keputusan(models.Model):
    """A Kepala OPD's decision on one (employee, activity) pair: it must stay, must not, or carries a note.

    Kept by pair rather than by plan item so it survives re-optimisation; a swap is an exclusion of the old pair
    plus a lock of the new one, linked by ``tukar``.
    """

    class Jenis(models.TextChoices):
        KUNCI = "KUNCI", _("Locked (must stay)")
        KECUALI = "KECUALI", _("Excluded (must not)")
        CATATAN = "CATATAN", _("Priority note")

    persetujuan = models.ForeignKey(Persetujuan, on_delete=models.CASCADE, related_name="keputusan")
    review = models.ForeignKey(ReviewOpd, on_delete=models.CASCADE, related_name="keputusan")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(_("decision"), max_length=8, choices=Jenis.choices)
    catatan = models.TextField(_("note"), blank=True)
    tukar = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("swap of")
    )
    # Made by BKPSDM acting on the review's returned comment, not by the Kepala OPD.
    tindak_lanjut = models.BooleanField(_("follow-up of a returned comment"), default=False)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["waktu", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["persetujuan", "pegawai", "kegiatan", "jenis"], name="keputusan_unique_pair"
            ),
            # A pair is locked or excluded, never both: at most one of the two per pair and approval.
            models.UniqueConstraint(
                fields=["persetujuan", "pegawai", "kegiatan"],
                condition=models.Q(jenis__in=["KUNCI", "KECUALI"]),
                name="keputusan_lock_or_exclude",
                violation_error_message=_("A pair cannot be both locked and excluded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.pegawai_id} × {self.kegiatan_id}"
