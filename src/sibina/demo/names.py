"""Synthetic Indonesian names as they occur among North Sumatran civil servants.

Binjai mixes Javanese, Malay, Batak (Karo, Toba, Mandailing), Minang and Chinese-Indonesian families; the
weights are a plausible guess, not census figures. Religion follows the group loosely, as it does in life.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Suku:
    kode: str
    bobot: float
    pria: tuple[str, ...]
    wanita: tuple[str, ...]
    belakang_pria: tuple[str, ...]  # second names or marga
    belakang_wanita: tuple[str, ...]
    marga: bool  # the second name is a family name (Batak marga, Chinese-Indonesian surname)
    agama: tuple[tuple[str, float], ...]
    dua_kata: float = 0.7  # chance of a two-part name when it is not a marga


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


_ISLAM = (("Islam", 1.0),)
_MUSLIM_M = _names("Muhammad, Ahmad, Rahmat, Fauzi, Irwan, Hendra, Syahrial, Zulkifli, Ridwan, Arif")
_MUSLIM_F = _names("Siti, Nurhayati, Fitriani, Rahmawati, Nurul, Aisyah, Halimah, Yusnita, Rosmawati")
_CHRISTIAN_M = _names("Daniel, Samuel, Yohanes, Roy, Benny, Franky, Robert, Jhonson, Rudolf, Petrus")
_CHRISTIAN_F = _names("Maria, Ruth, Lydia, Debora, Herlina, Melva, Elisabeth, Rosmaida, Yanti, Novita")

SUKU: tuple[Suku, ...] = (
    Suku(
        "jawa",
        33,
        _names(
            "Agus, Budi, Joko, Sugeng, Wahyu, Eko, Bambang, Slamet, Teguh, Dwi, Rudi, Heri, "
            "Sutrisno, Yudi, Bayu, Dedi, Fajar, Aditya, Dimas, Rizky, Andi, Suryadi, Hari, Tri"
        ),
        _names(
            "Sri, Endang, Sumarni, Suharti, Wulan, Dewi, Ratna, Yuni, Tri, Rina, Indah, Puji, Nanik, "
            "Sulastri, Eka, Ayu, Desi, Novi, Lina, Ika, Retno, Sari, Wiwik, Yuliana"
        ),
        _names(
            "Santoso, Prasetyo, Wibowo, Purnomo, Setiawan, Hidayat, Saputra, Nugroho, Raharjo, "
            "Sulistyo, Susilo, Widodo, Hartono, Kurniawan, Pratama, Hermawan, Gunawan, Firmansyah"
        ),
        _names(
            "Rahayu, Wahyuni, Lestari, Handayani, Astuti, Utami, Pratiwi, Susilowati, Wulandari, "
            "Kurniasih, Rahmawati, Puspitasari, Anggraini, Permatasari, Sulistiyani, Ningsih"
        ),
        False,
        (("Islam", 0.96), ("Kristen Protestan", 0.03), ("Katolik", 0.01)),
    ),
    Suku(
        "melayu",
        20,
        _MUSLIM_M
        + _names(
            "Syaiful, Amiruddin, Khairul, Hasan, Fahmi, Rizal, Azhar, Taufik, Ismail, Tengku Rahmat, "
            "Tengku Amri, Zainal, Mahmud"
        ),
        _MUSLIM_F
        + _names(
            "Zuraidah, Juliana, Mariani, Syarifah, Nur Aini, Rahmi, Tengku Nurlela, Ernawati, "
            "Fadilah, Maimunah"
        ),
        _names("Syahputra, Effendi, Hamid, Rahman, Hasibuan, Azmi, Hakim, Ramadhan, Iskandar, Yusuf"),
        _names("Syahputri, Hanum, Zahara, Rahmadani, Safitri, Amelia, Khairani, Fitri, Sari, Ulfa"),
        False,
        _ISLAM,
    ),
    Suku(
        "mandailing",
        10,
        (*_MUSLIM_M, "Sahrul", "Irfan", "Parlindungan", "Muhammad Yusuf", "Abdul Rahim"),
        (*_MUSLIM_F, "Nurhasanah", "Aminah", "Dahlia", "Masdelima", "Nur Hamidah"),
        _names(
            "Nasution, Lubis, Harahap, Siregar, Daulay, Rangkuti, Hasibuan, Pulungan, Batubara, "
            "Ritonga, Pohan, Matondang"
        ),
        ("Nasution", "Lubis", "Harahap", "Siregar", "Daulay", "Rangkuti", "Hasibuan", "Pulungan", "Batubara"),
        True,
        _ISLAM,
    ),
    Suku(
        "toba",
        12,
        (*_CHRISTIAN_M, "Hotman", "Parulian", "Marihot", "Togar", "Tumpal", "Binsar", "Halomoan", "Jonter"),
        (*_CHRISTIAN_F, "Lamria", "Sondang", "Rotua", "Tiurma", "Romauli", "Dameria", "Nurmaida", "Tetty"),
        _names(
            "Simanjuntak, Sinaga, Situmorang, Pardede, Manurung, Sihombing, Pasaribu, Hutagalung, "
            "Simatupang, Panjaitan, Silalahi, Napitupulu, Hutapea, Siahaan, Tambunan, Sitorus"
        ),
        _names(
            "br. Simanjuntak, br. Sinaga, br. Situmorang, br. Pardede, br. Manurung, Sihombing, "
            "br. Pasaribu, Hutagalung, Simatupang, br. Panjaitan, Silalahi, br. Napitupulu"
        ),
        True,
        (("Kristen Protestan", 0.82), ("Katolik", 0.13), ("Islam", 0.05)),
    ),
    Suku(
        "karo",
        12,
        (*_CHRISTIAN_M, "Sahat", "Masta", "Ukur", "Erwin", "Nelson", "Edi", "Rinaldi"),
        (*_CHRISTIAN_F, "Rosa", "Ninta", "Mbera", "Sari", "Ita", "Juliana", "Erna"),
        _names(
            "Sembiring, Ginting, Tarigan, Karo-Karo, Perangin-angin, Sitepu, Barus, Surbakti, "
            "Sinulingga, Bangun, Kaban, Meliala, Pelawi, Brahmana"
        ),
        _names(
            "br. Sembiring, br. Ginting, br. Tarigan, br. Karo, br. Perangin-angin, br. Sitepu, "
            "br. Barus, br. Surbakti, br. Sinulingga, br. Bangun"
        ),
        True,
        (("Kristen Protestan", 0.55), ("Katolik", 0.2), ("Islam", 0.25)),
    ),
    Suku(
        "minang",
        6,
        ("Afrizal", "Zulhendri", "Yusrizal", "Febri", "Alfian", "Rahmadi", "Hendri", "Yulianto", "Irsyad"),
        ("Yulia", "Rahmi", "Elfi", "Yenni", "Desmawati", "Nofrida", "Rosmaini", "Yusniar", "Elvira"),
        ("Putra", "Chaniago", "Piliang", "Koto", "Tanjung", "Sikumbang", "Jambak"),
        ("Putri", "Yanti", "Wati", "Chaniago", "Tanjung", "Koto"),
        False,
        _ISLAM,
        dua_kata=0.6,
    ),
    Suku(
        "tionghoa",
        5,
        _names("Hendra, Steven, Kevin, Andy, Felix, Erwin, Johan, Sutanto, Wilson, Vincent, Yohan"),
        ("Wendy", "Yenny", "Lily", "Susi", "Vivian", "Linda", "Meiliana", "Sherly", "Lisa", "Cindy", "Fenny"),
        _names("Wijaya, Halim, Gunawan, Tanjaya, Kusuma, Santoso, Hartono, Salim, Lim, Tan, Sutanto"),
        ("Wijaya", "Halim", "Gunawan", "Tanjaya", "Kusuma", "Santoso", "Hartono", "Salim", "Lim", "Tan"),
        True,
        (("Buddha", 0.5), ("Kristen Protestan", 0.3), ("Katolik", 0.18), ("Konghucu", 0.02)),
    ),
    Suku(
        "lain",
        2,
        ("I Made", "I Ketut", "Ignatius", "Fransiskus", "Yosef"),
        ("Ni Luh", "Ni Made", "Theresia", "Agnes", "Veronika"),
        ("Suarna", "Wirawan", "Sinurat", "Manik", "Saragih"),
        ("Sriasih", "Sutami", "Sinurat", "Manik", "Saragih"),
        True,
        (("Hindu", 0.4), ("Katolik", 0.4), ("Kristen Protestan", 0.2)),
    ),
)

TEMPAT_LAHIR: tuple[tuple[str, float], ...] = (
    ("Binjai", 40),
    ("Medan", 18),
    ("Langkat", 10),
    ("Stabat", 5),
    ("Deli Serdang", 7),
    ("Kabanjahe", 4),
    ("Pematangsiantar", 3),
    ("Tarutung", 2),
    ("Padangsidimpuan", 2),
    ("Tebing Tinggi", 2),
    ("Kisaran", 2),
    ("Padang", 1.5),
    ("Tanjung Pura", 1.5),
    ("Banda Aceh", 1),
    ("Jakarta", 1),
)


def weighted(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    """One item by weight (``random.choices`` with a single draw, kept explicit for readability)."""
    return rng.choices([i for i, _ in items], weights=[w for _, w in items], k=1)[0]


@dataclass(frozen=True)
class Nama:
    nama: str
    agama: str
    suku: str


def make_name(rng: random.Random, *, perempuan: bool) -> Nama:
    suku = rng.choices(SUKU, weights=[s.bobot for s in SUKU], k=1)[0]
    depan = rng.choice(suku.wanita if perempuan else suku.pria)
    belakang_pool = suku.belakang_wanita if perempuan else suku.belakang_pria
    nama = f"{depan} {rng.choice(belakang_pool)}" if suku.marga or rng.random() < suku.dua_kata else depan
    return Nama(nama, weighted(rng, suku.agama), suku.kode)
