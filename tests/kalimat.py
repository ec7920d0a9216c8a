"""Checks of a report sentence that leave its wording free (issue 13, item 10).

Analysts may reword the report's prose (docs/panduan.md "Mengubah kalimat laporan"). A test of
such a sentence checks what the wording must keep, never the wording itself:

- the **numbers**, as the project prints them (``55,2%``, ``1.234``, ``3,20``): a number token
  is whole — ``5,2%`` is not found inside ``55,2%``, ``1.234`` not inside ``11.234``;
- the **fixed terms**: comparison words (``lebih buruk``, ``setara``), status words
  (``tercapai``), tier names, official names and units, found case-insensitively and with any
  run of white space;
- the **rule**: which of several alternatives a sentence says — :func:`terdekat` tells which
  number or relation word sits next to a name, so "worse than the kelurahan, better than the
  city" cannot silently become the other way round.

Reworded text with the same placeholders keeps every number and every fixed term, so these
checks still pass; a wrong number, a wrong branch or a lost term makes them fail.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["angka_di", "cek_kalimat", "normal", "salinan_diubah", "terdekat"]

# A number as the project prints it: optional attached sign (+, − or -), digits with "."
# thousands groups and a "," decimal part, optional "%". Not preceded by a word character or a
# separator-digit (so "5,2%" is not found in "55,2%"), not followed by more digits.
_ANGKA = re.compile(r"(?<![\w.,])[+−-]?\d+(?:[.,]\d+)*%?(?![\w]|[.,]\d)")


def normal(teks: str) -> str:
    """``teks`` with every run of white space (line breaks included) as one space."""
    return re.sub(r"\s+", " ", teks).strip()


def _token(teks: str) -> list[tuple[str, int, int]]:
    """Number tokens of ``teks`` with their spans (see :func:`angka_di`)."""
    keluar = []
    for m in _ANGKA.finditer(teks):
        isi, mulai = m.group(0), m.start()
        # "1-2" style ranges: a hyphen right after a digit separates, it is no sign
        if isi[:1] in "+−-" and mulai > 0 and teks[mulai - 1].isdigit():
            isi, mulai = isi[1:], mulai + 1
        keluar.append((isi, mulai, m.end()))
    return keluar


def angka_di(teks: str) -> list[str]:
    """Every number token of ``teks``, in order, as printed (``["55,2%", "1.234", "+0,7"]``).

    A sign is part of a number only when attached to it ("+0,7", "−3,9"); a dash between two
    numbers ("2020–2024") separates them.
    """
    return [isi for isi, _, _ in _token(teks)]


def _posisi(teks: str, istilah: str) -> list[tuple[int, int]]:
    """Spans of ``istilah`` in ``teks``: a number as a whole token, whole words
    case-insensitively with any white space between them."""
    if angka_di(istilah) == [istilah]:
        return [(a, b) for isi, a, b in _token(teks) if isi == istilah]
    isi = r"\s+".join(re.escape(k) for k in istilah.split())
    pola = re.compile(
        rf"(?<!\w){isi}(?!\w)", re.IGNORECASE
    )  # whole words: not "naik" in "kenaikan"
    return [m.span() for m in pola.finditer(teks)]


def terdekat(teks: str, jangkar: str, pilihan: Iterable[str] | None = None) -> str:
    """Which of ``pilihan`` occurs nearest to ``jangkar`` in ``teks`` (default: among all
    numbers of the text). Distance is the gap in characters between the two occurrences; an
    absent anchor, no candidate, or a tie between two different candidates fails the test."""
    pilihan = list(dict.fromkeys(angka_di(teks) if pilihan is None else pilihan))
    jangkar_pos = _posisi(teks, jangkar)
    assert jangkar_pos, f"{jangkar!r} tidak disebut dalam: {teks!r}"
    jarak: dict[str, int] = {}
    for calon in pilihan:
        for a0, a1 in jangkar_pos:
            for c0, c1 in _posisi(teks, calon):
                if c0 < a1 and a0 < c1:  # overlapping: the candidate is part of the anchor
                    continue
                d = c0 - a1 if c0 >= a1 else a0 - c1
                jarak[calon] = min(jarak.get(calon, d), d)
    assert jarak, f"tidak ada {pilihan!r} di dekat {jangkar!r} dalam: {teks!r}"
    paling = min(jarak.values())
    juara = [k for k, d in jarak.items() if d == paling]
    assert len(juara) == 1, f"{juara!r} sama dekatnya dengan {jangkar!r} dalam: {teks!r}"
    return juara[0]


def cek_kalimat(
    teks: str,
    *,
    angka: Iterable[str] = (),
    kata: Iterable[str] = (),
    bukan: Iterable[str] = (),
    semua_angka: bool = False,
    dekat: Mapping[str, str] | None = None,
    relasi: Mapping[str, str] | None = None,
    pilihan_relasi: Iterable[str] = ("lebih baik", "lebih buruk", "setara"),
) -> None:
    """Assert what a sentence must say, whatever its wording.

    ``angka``: numbers that must appear as whole tokens (each as often as listed); with
    ``semua_angka`` these are exactly the text's numbers (no other number, e.g. an unrounded or
    swapped one). ``kata``: fixed terms that must appear; ``bukan``: terms that must not.
    ``dekat``: name → the number nearest to it ("Kota Cilegon" → "59,8%"). ``relasi``: name →
    the relation word nearest to it, among ``pilihan_relasi``.
    """
    teks = normal(teks)
    ada = Counter(angka_di(teks))
    perlu = Counter(angka)
    for nilai, n in perlu.items():
        assert ada[nilai] >= n, f"angka {nilai!r} (×{n}) tidak ada dalam: {teks!r}"
    if semua_angka:
        assert ada == perlu, (
            f"angka {sorted(ada.elements())} ≠ {sorted(perlu.elements())}: {teks!r}"
        )
    for istilah in kata:
        assert _posisi(teks, istilah), f"{istilah!r} tidak disebut dalam: {teks!r}"
    for istilah in bukan:
        assert not _posisi(teks, istilah), f"{istilah!r} tidak boleh ada dalam: {teks!r}"
    for nama, nilai in (dekat or {}).items():
        assert terdekat(teks, nama) == nilai, f"{nama!r} tidak bersama {nilai!r}: {teks!r}"
    for nama, rel in (relasi or {}).items():
        got = terdekat(teks, nama, pilihan_relasi)
        assert got == rel, f"{nama!r}: {got!r}, bukan {rel!r}: {teks!r}"


def salinan_diubah(modul: ModuleType, ganti: Sequence[tuple[str, str]]) -> ModuleType:
    """A copy of ``modul`` whose source had each ``(lama, baru)`` replacement made, as an
    analyst rewording its sentences would: the proof that a test checks numbers and rules, not
    wording (run the same test on the module and on the copy). Every ``lama`` must occur in
    the source, so a replacement that no longer matches fails instead of silently testing the
    unchanged text."""
    berkas = Path(str(modul.__file__))
    sumber = berkas.read_text(encoding="utf-8")
    for lama, baru in ganti:
        assert lama in sumber, f"{lama!r} tidak ada di {berkas.name}: perbarui daftar ubahan uji"
        sumber = sumber.replace(lama, baru)
    nama = f"{modul.__name__}_diubah"
    salinan = ModuleType(nama)
    salinan.__file__ = str(berkas)
    sys.modules[nama] = salinan  # dataclasses look their module up while the code runs
    try:
        exec(compile(sumber, f"{berkas} (diubah)", "exec"), salinan.__dict__)
    finally:
        del sys.modules[nama]
    return salinan
