"""Instansi, the UnitKerja tree, Jabatan and Pegawai, with their development history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sibina.people import domain
from sibina.reference.models import (
    BentukPengembangan,
    Golongan,
    JenisAsn,
    RumpunJabatan,
    TingkatJabatan,
    TingkatPendidikan,
)


class Instansi(models.Model):
    class Jenis(models.TextChoices):
        KOTA = "KOTA", _("City")
        KABUPATEN = "KABUPATEN", _("Regency")
        PROVINSI = "PROVINSI", _("Province")
        PUSAT = "PUSAT", _("Central agency")

    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    jenis = models.CharField(_("kind"), max_length=10, choices=Jenis.choices)
    provinsi = models.CharField(_("province"), max_length=100, blank=True)
    kode_wilayah = models.CharField(_("region code"), max_length=20, blank=True)
    catatan = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agency (instansi)")
        verbose_name_plural = _("agencies (instansi)")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class UnitKerja(models.Model):
    """A node of an instansi's organisation: OPD, bagian/bidang, seksi, kecamatan, kelurahan, school, …

    ``path`` is the materialised chain of ids ("/12/40/") so that "everything under this OPD" is one indexed
    ``startswith`` query on SQLite and PostgreSQL alike.
    """

    class Jenis(models.TextChoices):
        OPD = "OPD", _("Regional agency (OPD)")
        SEKRETARIAT = "SEKRETARIAT", _("Secretariat")
        BAGIAN = "BAGIAN", _("Section (bagian)")
        BIDANG = "BIDANG", _("Division (bidang)")
        SUBBAGIAN = "SUBBAGIAN", _("Subsection (subbagian)")
        SEKSI = "SEKSI", _("Subdivision (seksi)")
        UPTD = "UPTD", _("Technical unit (UPTD)")
        KECAMATAN = "KECAMATAN", _("District (kecamatan)")
        KELURAHAN = "KELURAHAN", _("Urban village (kelurahan)")
        SEKOLAH = "SEKOLAH", _("School")
        PUSKESMAS = "PUSKESMAS", _("Community health centre (puskesmas)")
        RUMAH_SAKIT = "RUMAH_SAKIT", _("Hospital")
        LAINNYA = "LAINNYA", _("Other")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    kode = models.CharField(_("code"), max_length=40)
    nama = models.CharField(_("name"), max_length=200)
    nama_singkat = models.CharField(_("short name"), max_length=60, blank=True)
    jenis = models.CharField(_("kind"), max_length=12, choices=Jenis.choices)
    unor_id = models.CharField(_("SIASN unor id"), max_length=64, blank=True)
    melayani_publik = models.BooleanField(
        _("public-service unit"), default=False, help_text=_("Runs the public satisfaction survey (SKM).")
    )
    terkonfirmasi = models.BooleanField(_("confirmed"), default=True)
    dari_impor = models.BooleanField(
        _("from import"), default=False, help_text=_("Created by an import of a SIASN/SIMPEG file.")
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)
    catatan = models.TextField(_("note"), blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="unit_kode_unique"),
        ]

    def __str__(self) -> str:
        return self.nama

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self._move_subtree(path)

    def _move_subtree(self, new_path: str) -> None:
        """Re-root this unit's descendants when the unit is created or moved."""
        old_path = self.path
        UnitKerja.objects.filter(pk=self.pk).update(path=new_path, depth=new_path.count("/") - 2)
        if old_path:
            for child in UnitKerja.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child_path = new_path + child.path[len(old_path) :]
                UnitKerja.objects.filter(pk=child.pk).update(path=child_path, depth=child_path.count("/") - 2)
        self.path = new_path
        self.depth = new_path.count("/") - 2

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": _("The parent unit belongs to another agency.")})
        if self.pk and self.parent and f"/{self.pk}/" in self.parent.path:
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})


class Jabatan(models.Model):
    """A position: name, type and level, and the unit it belongs to."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="jabatan")
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="jabatan"
    )
    nama = models.CharField(_("name"), max_length=255)
    tingkat = models.ForeignKey(
        TingkatJabatan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("type and level")
    )
    jenis_jabatan_kode = models.PositiveSmallIntegerField(_("SIASN position kind"), null=True, blank=True)
    # Who the position's holders are for the catalogue's audiences; set by the importer (explicit column, else
    # reference.rumpun.rumpun_jabatan) and the demo. Empty: not known (then only activities for everyone).
    rumpun = models.CharField(
        _("job family"), max_length=12, choices=RumpunJabatan.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "unit", "nama"], name="jabatan_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return self.nama


class StatusPegawai(models.TextChoices):
    AKTIF = "AKTIF", _("Active")
    PENSIUN = "PENSIUN", _("Retired")
    PINDAH = "PINDAH", _("Moved out")
    BERHENTI = "BERHENTI", _("Left the service")


class Pegawai(models.Model):
    class JenisKelamin(models.TextChoices):
        L = "L", _("Male")
        P = "P", _("Female")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="pegawai")
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nip_lama = models.CharField(_("old NIP"), max_length=9, blank=True)
    pns_id = models.CharField(_("SIASN PNS id"), max_length=64, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    gelar_depan = models.CharField(_("front title"), max_length=40, blank=True)
    nama = models.CharField(_("name"), max_length=150, db_index=True)
    gelar_belakang = models.CharField(_("back title"), max_length=60, blank=True)
    tempat_lahir = models.CharField(_("place of birth"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("date of birth"))
    jenis_kelamin = models.CharField(_("sex"), max_length=1, choices=JenisKelamin.choices)
    agama = models.CharField(_("religion"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nomor_hp = models.CharField(_("mobile number"), max_length=20, blank=True)
    jenis_asn = models.CharField(_("ASN type"), max_length=8, choices=JenisAsn.choices)
    golongan = models.ForeignKey(
        Golongan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("rank")
    )
    tmt_golongan = models.DateField(_("rank since"), null=True, blank=True)
    jabatan = models.ForeignKey(
        Jabatan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("position"),
    )
    tmt_jabatan = models.DateField(_("position since"), null=True, blank=True)
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="pegawai", verbose_name=_("work unit")
    )
    atasan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bawahan",
        verbose_name=_("direct supervisor"),
    )
    pendidikan = models.ForeignKey(
        TingkatPendidikan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("education level")
    )
    jurusan = models.CharField(_("field of study"), max_length=150, blank=True)
    tahun_lulus = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    # PPPK only: the contract period. Its yearly JP maximum is judged per contract year (DOMAIN §1); without
    # these dates the ledger falls back to the calendar year and says so.
    kontrak_mulai = models.DateField(_("contract start (PPPK)"), null=True, blank=True)
    kontrak_selesai = models.DateField(_("contract end (PPPK)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusPegawai.choices, default=StatusPegawai.AKTIF
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name=_("login account"),
    )
    sintetis = models.BooleanField(_("synthetic (demo)"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["nama"]
        permissions = [("view_nik", _("Can see unmasked NIK"))]
        indexes = [models.Index(fields=["instansi", "unit", "status"], name="pegawai_unit_status")]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        return domain.nama_lengkap(self.gelar_depan, self.nama, self.gelar_belakang)

    @property
    def nik_tersamar(self) -> str:
        return domain.mask_nik(self.nik)

    def identity_findings(self, rules: domain.IdentityRules | None = None) -> list[domain.Finding]:
        """NIP and NIK against the record and the identity settings in force today (``rules`` when read)."""
        from sibina.people.identity import (
            identity_rules,  # reads reference tables; this module defines models
        )

        rules = rules or identity_rules()
        findings = domain.check_nip(
            self.nip,
            jenis_asn=self.jenis_asn,
            tanggal_lahir=self.tanggal_lahir,
            jenis_kelamin=self.jenis_kelamin,
            tmt_cpns=self.tmt_cpns,
            rules=rules,
        )
        if self.nik:
            findings += domain.check_nik(
                self.nik, tanggal_lahir=self.tanggal_lahir, jenis_kelamin=self.jenis_kelamin, rules=rules
            )
        return findings

    def clean(self) -> None:
        self.nip = domain.normalise_nip(self.nip)
        self.nik = domain.normalise_nik(self.nik)
        errors: dict[str, list[str]] = {}
        for f in self.identity_findings():
            errors.setdefault(f.field, []).append(f.message)
        if self.kontrak_mulai and self.kontrak_selesai and self.kontrak_selesai < self.kontrak_mulai:
            errors.setdefault("kontrak_selesai", []).append(
                str(_("The contract cannot end before it starts."))
            )
        if self.golongan_id and self.golongan and self.golongan.jenis_asn != _golongan_kind(self.jenis_asn):
            errors.setdefault("golongan", []).append(
                str(_("This rank does not belong to the employee's ASN type."))
            )
        if self.atasan_id is not None and self.atasan_id == self.pk:
            errors.setdefault("atasan", []).append(str(_("An employee cannot be their own supervisor.")))
        if errors:
            raise ValidationError(errors)


def _golongan_kind(jenis_asn: str) -> str:
    return "PPPK" if jenis_asn in domain.ASN_PPPK else "PNS"


class RiwayatPengembangan(models.Model):
    """One completed development activity in an employee's record, with the JP it counts for."""

    class Jenis(models.TextChoices):
        KURSUS = "KURSUS", _("Course / training (rw_kursus)")
        DIKLAT_STRUKTURAL = "DIKLAT", _("Structural training (rw_diklat)")

    class Sumber(models.TextChoices):
        SIASN = "SIASN", _("Imported from SIASN/SIMPEG")
        SIBINA = "SIBINA", _("Delivered in SiBina")
        DEMO = "DEMO", _("Synthetic demo data")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(_("record kind"), max_length=8, choices=Jenis.choices)
    bentuk = models.ForeignKey(
        BentukPengembangan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("form")
    )
    nama_kegiatan = models.CharField(_("activity name"), max_length=255)
    penyelenggara = models.CharField(_("provider"), max_length=255, blank=True)
    tanggal_mulai = models.DateField(_("start date"))
    tanggal_selesai = models.DateField(_("end date"), null=True, blank=True)
    tahun = models.PositiveSmallIntegerField(_("year"), db_index=True)
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2)
    nomor_sertifikat = models.CharField(_("certificate number"), max_length=120, blank=True)
    sumber = models.CharField(_("source"), max_length=6, choices=Sumber.choices)
    import_batch = models.ForeignKey(
        "imports.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="riwayat"
    )

    class Meta:
        verbose_name = _("development record")
        verbose_name_plural = _("development records")
        ordering = ["-tanggal_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "jenis", "nama_kegiatan", "tanggal_mulai"], name="riwayat_natural_key"
            ),
            models.CheckConstraint(condition=models.Q(jp__gte=0), name="riwayat_jp_non_negative"),
        ]
        indexes = [models.Index(fields=["pegawai", "tahun"], name="riwayat_pegawai_tahun")]

    def __str__(self) -> str:
        return f"{self.nama_kegiatan} ({self.tahun}, {self.jp} JP)"


class AkunInstansi(models.Model):
    """The instansi of an account that has no employee record (a BKPSDM operator, a PPK or an auditor).

    An account with an employee record belongs to that employee's instansi and needs no row here; an account
    with neither belongs to no instansi and sees none of its data (unless the installation holds exactly one
    instansi). See ``sibina.people.scope.account_instansi_id`` and docs/decisions/0012-tenant-scope.md.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="akun_instansi",
        verbose_name=_("login account"),
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="akun", verbose_name=_("agency")
    )

    class Meta:
        verbose_name = _("account's agency")
        verbose_name_plural = _("accounts' agencies")

    def __str__(self) -> str:
        return f"{self.user} → {self.instansi}"
