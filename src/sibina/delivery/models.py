"""Delivery of the decreed plan: classes (``Kelas``) of its activities with their sessions, the enrolment of each
planned participant (``Peserta``: invitation, answer with a pledge, completion with its certificate), attendance
per session (``Kehadiran``), and what was sent back to SIASN (``EksporSiasn``).

A completion writes one ``RiwayatPengembangan`` row per participant (source SIBINA): the JP ledger, the needs
analysis and the SIASN export read those rows already, so nothing upstream has to know this app exists. The
enrolment points to that row; saving the completion again updates the same row, never a second one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.catalogue.models import Kegiatan
from sibina.imports.models import ImportBatch
from sibina.jobs.models import JobRow
from sibina.people.models import Instansi, Pegawai, RiwayatPengembangan
from sibina.planning.models import PlanCycle, PlanItem
from sibina.reference.models import BentukPengembangan


class Kelas(models.Model):
    """One class of an activity of the decreed plan: when, where (a place or an online link), who runs it."""

    class Status(models.TextChoices):
        DIBUKA = "DIBUKA", _("Open")
        DIBATALKAN = "DIBATALKAN", _("Cancelled")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="kelas")
    cycle = models.ForeignKey(PlanCycle, on_delete=models.PROTECT, related_name="kelas")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.PROTECT, related_name="kelas")
    nomor = models.PositiveSmallIntegerField(_("class number"))
    penyelenggara = models.CharField(_("provider"), max_length=200)
    tempat = models.CharField(_("place"), max_length=255, blank=True)
    tautan = models.URLField(_("online link"), max_length=500, blank=True)
    kapasitas = models.PositiveIntegerField(_("capacity"))
    mulai = models.DateField(_("start date"))
    selesai = models.DateField(_("end date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DIBUKA)
    alasan_batal = models.TextField(_("reason for cancelling"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the class actually cost, entered by BKPSDM once known (whole rupiah); None: not entered yet.
    biaya_realisasi = models.DecimalField(
        _("actual cost (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["mulai", "kegiatan__judul", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kegiatan", "nomor"], name="kelas_unique_number"),
            models.CheckConstraint(condition=models.Q(selesai__gte=models.F("mulai")), name="kelas_dates"),
            models.CheckConstraint(condition=models.Q(kapasitas__gte=1), name="kelas_capacity"),
            models.CheckConstraint(condition=~models.Q(tempat="", tautan=""), name="kelas_place_or_link"),
            models.CheckConstraint(
                condition=models.Q(biaya_realisasi__isnull=True) | models.Q(biaya_realisasi__gte=0),
                name="kelas_actual_cost_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kegiatan.judul} — {_('class')} {self.nomor}"


class SesiKelas(models.Model):
    """One session (meeting) of a class; attendance is recorded per session."""

    kelas = models.ForeignKey(Kelas, on_delete=models.CASCADE, related_name="sesi")
    urutan = models.PositiveSmallIntegerField(_("session number"))
    tanggal = models.DateField(_("date"))

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["kelas", "urutan"]
        constraints = [models.UniqueConstraint(fields=["kelas", "urutan"], name="sesi_kelas_unique")]

    def __str__(self) -> str:
        return f"{self.kelas} #{self.urutan}"


class Peserta(models.Model):
    """One employee enrolled in one class: the invitation and its answer, and the completion."""

    class Status(models.TextChoices):
        TERDAFTAR = "TERDAFTAR", _("Enrolled, not yet invited")
        DIUNDANG = "DIUNDANG", _("Invited, no answer yet")
        DITERIMA = "DITERIMA", _("Accepted")
        DITOLAK = "DITOLAK", _("Declined")
        DIPINDAH = "DIPINDAH", _("Moved to another class")
        DIBATALKAN = "DIBATALKAN", _("Class cancelled")

    class Hasil(models.TextChoices):
        BELUM = "", _("Not yet assessed")
        SELESAI = "SELESAI", _("Completed")
        TIDAK_SELESAI = "TIDAK", _("Not completed")

    kelas = models.ForeignKey(Kelas, on_delete=models.PROTECT, related_name="peserta")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="kelas_diikuti")
    # Copied from the class so the database can hold "one live enrolment per person and activity in a cycle".
    cycle = models.ForeignKey(PlanCycle, on_delete=models.PROTECT, related_name="+")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan item"),
    )
    # A substitute confirmed by BKPSDM for someone who dropped out of this class (declined, moved out): one
    # substitute per drop-out, whoever confirms it and however often.
    pengganti_untuk = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengganti",
        verbose_name=_("substitute for"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TERDAFTAR)
    diundang_pada = models.DateTimeField(_("invited at"), null=True, blank=True)
    dijawab_pada = models.DateTimeField(_("answered at"), null=True, blank=True)
    ikrar = models.BooleanField(_("participation pledge given"), default=False)
    alasan_tolak = models.TextField(_("reason for declining"), blank=True)
    hasil = models.CharField(
        _("result"), max_length=8, choices=Hasil.choices, default=Hasil.BELUM, blank=True
    )
    nomor_sertifikat = models.CharField(_("certificate number"), max_length=120, blank=True)
    jp = models.DecimalField(_("JP credited"), max_digits=7, decimal_places=2, default=0)
    riwayat = models.OneToOneField(
        RiwayatPengembangan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="peserta_kelas",
        verbose_name=_("development record"),
    )
    bukti = models.FileField(_("evidence"), upload_to="bukti/%Y/", blank=True)
    bukti_jenis = models.CharField(_("evidence type"), max_length=20, blank=True)
    bukti_nama = models.CharField(_("evidence file name"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("class participant")
        verbose_name_plural = _("class participants")
        ordering = ["kelas", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kegiatan", "pegawai"],
                condition=models.Q(status__in=["TERDAFTAR", "DIUNDANG", "DITERIMA"]),
                name="peserta_one_live_class",
            ),
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="peserta_jp_non_negative"),
            models.CheckConstraint(
                condition=models.Q(hasil="SELESAI") | models.Q(riwayat__isnull=True),
                name="peserta_record_only_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["pegawai", "status"], name="peserta_pegawai_status")]

    def __str__(self) -> str:
        return f"{self.pegawai.nama} @ {self.kelas}"

    @property
    def live(self) -> bool:
        return self.status in LIVE


LIVE = frozenset({Peserta.Status.TERDAFTAR, Peserta.Status.DIUNDANG, Peserta.Status.DITERIMA})


class Kehadiran(models.Model):
    """Whether one participant attended one session: one row per (participant, session), so recording it again
    (a form saved twice, a file imported twice) changes the row, never adds one."""

    class Sumber(models.TextChoices):
        FORM = "FORM", _("Attendance form")
        IMPOR = "IMPOR", _("Attendance file")

    peserta = models.ForeignKey(Peserta, on_delete=models.CASCADE, related_name="kehadiran")
    sesi = models.ForeignKey(SesiKelas, on_delete=models.CASCADE, related_name="kehadiran")
    hadir = models.BooleanField(_("present"))
    sumber = models.CharField(_("source"), max_length=6, choices=Sumber.choices, default=Sumber.FORM)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicatat_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["peserta", "sesi"], name="kehadiran_unique")]

    def __str__(self) -> str:
        return f"{self.peserta} #{self.sesi.urutan}: {self.hadir}"


class EksporSiasn(models.Model):
    """That a development record was written to a SIASN export, and what it said then (``sidik``, a hash of the
    exported values): a re-export lists only records never exported or changed since."""

    riwayat = models.OneToOneField(RiwayatPengembangan, on_delete=models.CASCADE, related_name="ekspor_siasn")
    sidik = models.CharField(_("fingerprint of the exported values"), max_length=64)
    diekspor_pada = models.DateTimeField(_("exported at"))

    class Meta:
        verbose_name = _("SIASN export record")
        verbose_name_plural = _("SIASN export records")

    def __str__(self) -> str:
        return f"{self.riwayat_id} @ {self.diekspor_pada:%Y-%m-%d}"


class Pengingat(models.Model):
    """That one reminder went out for one trigger (``jenis``) of one enrolment: the unique key is what makes a
    reminder go out exactly once, however often the command runs and however many workers run it at once."""

    class Jenis(models.TextChoices):
        KELAS_SEGERA = "SEGERA", _("Class starts soon")
        BELUM_DIJAWAB = "BELUM", _("Invitation still unanswered (to the supervisor)")

    peserta = models.ForeignKey(Peserta, on_delete=models.CASCADE, related_name="pengingat")
    jenis = models.CharField(_("trigger"), max_length=6, choices=Jenis.choices)
    dikirim_pada = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["peserta", "jenis"], name="pengingat_once_per_trigger")
        ]

    def __str__(self) -> str:
        return f"{self.peserta_id}: {self.jenis}"


class PengingatRun(JobRow):
    """One run of the reminders (a job on the job runner): how many went out."""

    tanggal = models.DateField(_("date"))
    terkirim = models.PositiveIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")


class KlaimPengembangan(models.Model):
    """Development an employee did on their own (a seminar, a course, …) and claims with evidence; BKPSDM
    approves it (JP by the form's conversion rule, one ``RiwayatPengembangan`` row, source SIBINA) or rejects it
    with a reason."""

    class Status(models.TextChoices):
        DIAJUKAN = "DIAJUKAN", _("Waiting for verification")
        DISETUJUI = "DISETUJUI", _("Approved")
        DITOLAK = "DITOLAK", _("Rejected")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="klaim_pengembangan")
    bentuk = models.ForeignKey(BentukPengembangan, on_delete=models.PROTECT, verbose_name=_("form"))
    judul = models.CharField(_("title"), max_length=255)
    penyelenggara = models.CharField(_("provider"), max_length=255)
    mulai = models.DateField(_("start date"))
    selesai = models.DateField(_("end date"))
    jp_diminta = models.DecimalField(_("JP claimed"), max_digits=7, decimal_places=2)
    internasional = models.BooleanField(_("international"), default=False)
    bukti = models.FileField(_("evidence"), upload_to="klaim/%Y/")
    bukti_jenis = models.CharField(_("evidence type"), max_length=20)
    bukti_nama = models.CharField(_("evidence file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    jp = models.DecimalField(_("JP credited"), max_digits=7, decimal_places=2, default=0)
    alasan_tolak = models.TextField(_("reason for rejecting"), blank=True)
    diajukan_pada = models.DateTimeField(_("submitted at"), auto_now_add=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField(_("verified at"), null=True, blank=True)
    riwayat = models.OneToOneField(
        RiwayatPengembangan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="klaim",
        verbose_name=_("development record"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("development claim")
        verbose_name_plural = _("development claims")
        ordering = ["-diajukan_pada", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(selesai__gte=models.F("mulai")), name="klaim_dates"),
            models.CheckConstraint(condition=models.Q(jp_diminta__gt=0), name="klaim_jp_claimed_positive"),
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="klaim_jp_non_negative"),
            models.CheckConstraint(
                condition=models.Q(status="DISETUJUI") | models.Q(riwayat__isnull=True),
                name="klaim_record_only_when_approved",
            ),
        ]
        indexes = [models.Index(fields=["status", "diajukan_pada"], name="klaim_status_submitted")]

    def __str__(self) -> str:
        return f"{self.pegawai.nama}: {self.judul}"


from sibina.delivery.commitment_models import AksiPerubahan, PengingatKomitmen, TonggakAksi  # noqa: E402, F401
