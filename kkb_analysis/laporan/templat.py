"""The template guard: what a report template (``notebooks/*_kkb.ipynb``, ``rekap_kota.ipynb``)
may contain, checked by ``kkb laporan`` before anything is rendered.

A template is printed into every KKB's documents, so a cell left there from exploring
(``df.head()``, ``print(...)``), or outputs saved from JupyterLab, would reach every report. The
rule is an allow-list (:data:`JENIS_SEL`): a cell is one of these kinds, or the template is refused.

- ``catatan``: a markdown cell (headings, the analyst note).
- ``analis``: a code cell tagged :data:`TAG_ANALIS` holding only :data:`BARIS_ANALIS` (autoreload);
  the batch never runs it (:data:`TAG_ANALIS` is nbclient's skip tag in ``render``) and the export
  removes it.
- ``parameter``: exactly one code cell tagged :data:`TAG_PARAMETER`, before any other code cell
  that runs, assigning each declared parameter once to a constant (a changed default is fine).
- ``impor``: ``from kkb_analysis.laporan import m[, n]`` of public modules of that package.
- ``muat``: ``x = m.muat...(p, ...)``: an imported module's loader, called with parameters.
- ``panggil``: ``m.f(x)``: one public function of an imported module on a loaded value.
- ``kosong``: an empty code cell.

Every code cell must also be free of outputs and execution counts (a clean template is what git
holds; the nbstripout filter of ``run.sh setup`` keeps it so). Cells are numbered as JupyterLab
shows them (1-based over all cells).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kkb_analysis.config import PROJECT_ROOT, ConfigError

#: Tag of the analyst-only cells: not run by the batch, removed from the documents.
TAG_ANALIS = "hapus-saat-ekspor"
#: Papermill's tag of the parameters cell.
TAG_PARAMETER = "parameters"
#: Tag papermill puts on the cell it injects: present only in a rendered notebook.
TAG_INJEKSI = "injected-parameters"
#: The lines an analyst code cell may hold (besides blank lines and ``#`` comments).
BARIS_ANALIS = ("%load_ext autoreload", "%autoreload 2")
#: The package whose modules a template may import.
PAKET = "kkb_analysis.laporan"
#: Loader functions (``x = m.muat(...)``) start with this.
AWALAN_MUAT = "muat"
#: The parameters of each KKB document (profil, laporan, lampiran) and of the city summary.
PARAMETER_DOKUMEN = ("kkb_id", "tahun", "data_dir", "laporan_dir")
PARAMETER_REKAP = ("tahun", "data_dir", "laporan_dir")
#: The allowed cell kinds (module docstring): the whole rule, for the docs and the messages.
JENIS_SEL = {
    "catatan": "sel markdown",
    "analis": f"sel analis bertag '{TAG_ANALIS}' berisi {' / '.join(BARIS_ANALIS)}",
    "parameter": f"satu sel bertag '{TAG_PARAMETER}'",
    "impor": f"impor modul {PAKET} ('from {PAKET} import bagian')",
    "muat": "pemuatan data ('d = bagian.muat(kkb_id, tahun, data_dir)')",
    "panggil": "satu panggilan pustaka per sel ('bagian.sampul(d)')",
    "kosong": "sel kode kosong",
}

_KELUARAN = (
    "sel ini menyimpan keluaran dari JupyterLab. Hapus keluaran: Edit → Clear Outputs of All "
    "Cells, lalu simpan (Ctrl+S)"
)
_EKSPLORASI = (
    "sel ini di luar struktur templat (lihat aturan di bawah). Pindahkan sel eksplorasi ke "
    "notebooks/eksplorasi.ipynb atau notebooks/coba/, lalu hapus dari templat dan simpan"
)
_PULIHKAN = "pulihkan templat dari git: git checkout -- {berkas}"
_ANGKA_PANJANG = re.compile(r"\d{12,}")  # NIK, No. KK (16), NIP (18); not a KKB code (10)


class TemplatError(ConfigError):
    """A report template that ``kkb laporan`` refuses (message in Indonesian)."""


@dataclass(frozen=True)
class Pelanggaran:
    """One problem of a template: where (cell as JupyterLab numbers it) and what to do."""

    notebook: Path
    sel: int | None  # 1-based over all cells; None = the notebook as a whole
    baris: str | None  # the cell's first non-blank line, shortened
    masalah: str  # Indonesian: what is wrong and what to do

    def teks(self) -> str:
        """One line of the refusal message."""
        tempat = _nama_berkas(self.notebook)
        if self.sel is not None:
            tempat += f", sel {self.sel}"
            if self.baris:
                tempat += f" ({self.baris})"
        return f"- {tempat}: {self.masalah}."


def _nama_berkas(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _baris_pertama(sumber: str) -> str:
    """The first non-blank line, safe to print: invisible characters dropped, long digit runs
    (an identity number typed while exploring) masked, at most 60 characters."""
    from kkb_analysis.nama import teks_tampil  # imports pandas: only for a refusal

    baris = next((b.strip() for b in sumber.splitlines() if b.strip()), "")
    baris = _ANGKA_PANJANG.sub("…", teks_tampil(baris))
    return baris if len(baris) <= 60 else baris[:59] + "…"


def _sumber(sel: dict) -> str:
    s = sel.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


def _tag(sel: dict) -> list[str]:
    tag = (sel.get("metadata") or {}).get("tags") or []
    return [str(t) for t in tag] if isinstance(tag, list) else []


# ------------------------------------------------------------------------------ cell kinds
def _satu_pernyataan(sumber: str) -> ast.stmt | None:
    """The single statement of a cell, None if it is not exactly one Python statement."""
    try:
        pohon = ast.parse(sumber)
    except SyntaxError:  # also IPython magics (%, !) outside the analyst cell
        return None
    return pohon.body[0] if len(pohon.body) == 1 else None


def _modul_paket(nama: str) -> bool:
    """A public module of :data:`PAKET`."""
    if nama.startswith("_"):
        return False
    try:
        return importlib.util.find_spec(f"{PAKET}.{nama}") is not None
    except (ImportError, ValueError):
        return False


def _panggilan(node: ast.AST) -> tuple[str, str, ast.Call] | None:
    """(module, function, call) for ``m.f(...)`` with plain names, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
    ):
        return node.func.value.id, node.func.attr, node
    return None


class _Pemeriksa:
    """Walks one template's cells in order, keeping what earlier cells bound."""

    def __init__(self, path: Path, parameter: Sequence[str], pertama: int | None):
        self.path = path
        self.parameter = tuple(parameter)
        self.pertama = pertama  # number of the first parameters cell (None: there is none)
        self.nomor = 0  # the cell being checked
        self.modul: set[str] = set()  # imported report modules
        self.data: set[str] = set()  # names bound by a loader cell
        self.sel_parameter: int | None = None
        self.out: list[Pelanggaran] = []

    def catat(self, nomor: int | None, sumber: str | None, masalah: str) -> None:
        baris = _baris_pertama(sumber) if sumber is not None else None
        self.out.append(Pelanggaran(self.path, nomor, baris, masalah))

    # one cell: the problems found (empty = allowed)
    def sel(self, nomor: int, sel: dict) -> None:
        self.nomor = nomor
        jenis, sumber, tag = sel.get("cell_type"), _sumber(sel), _tag(sel)
        masalah: list[str] = []
        if jenis == "markdown":
            return
        if jenis != "code":
            self.catat(nomor, sumber, f"sel '{jenis}' tidak dipakai templat; hapus sel ini")
            return
        if sel.get("outputs") or sel.get("execution_count") is not None:
            masalah.append(_KELUARAN)
        if TAG_INJEKSI in tag:
            masalah.append(
                "sel ini disisipkan papermill: berkas ini notebook hasil cetak, bukan templat; "
                + _PULIHKAN.format(berkas=_nama_berkas(self.path))
            )
        elif TAG_ANALIS in tag:
            masalah += self._analis(sumber)
        elif TAG_PARAMETER in tag:
            masalah += self._parameter(nomor, sumber)
        elif sumber.strip():
            masalah += self._kode(sumber)
        if masalah:
            self.catat(nomor, sumber, "; ".join(masalah))

    def _analis(self, sumber: str) -> list[str]:
        for b in sumber.splitlines():
            b = b.strip()
            if b and not b.startswith("#") and b not in BARIS_ANALIS:
                return [
                    f"sel analis ('{TAG_ANALIS}') hanya boleh berisi "
                    f"{' dan '.join(BARIS_ANALIS)}. Pindahkan kode lain ke "
                    "notebooks/eksplorasi.ipynb atau notebooks/coba/"
                ]
        return []

    def _parameter(self, nomor: int, sumber: str) -> list[str]:
        if self.sel_parameter is not None:
            return [
                f"sel bertag '{TAG_PARAMETER}' kedua (yang pertama sel {self.sel_parameter}); "
                "papermill hanya memakai satu. Hapus tag itu dari sel ini (ikon roda gigi di "
                "kanan atas → Cell Tags) atau hapus selnya"
            ]
        self.sel_parameter = nomor
        boleh = ", ".join(self.parameter)
        saran = (
            f"Sel parameter hanya mengisi {boleh} dengan nilai tetap (mis. tahun = 2023); "
            "pindahkan kode lain ke notebooks/eksplorasi.ipynb atau notebooks/coba/"
        )
        try:
            pohon = ast.parse(sumber)
        except SyntaxError:
            return ["sel parameter bukan kode Python yang sah. " + saran]
        terisi: list[str] = []
        for st in pohon.body:
            target, nilai = None, None
            if isinstance(st, ast.Assign) and len(st.targets) == 1:
                target, nilai = st.targets[0], st.value
            elif isinstance(st, ast.AnnAssign) and st.value is not None:
                target, nilai = st.target, st.value
            if not isinstance(target, ast.Name) or target.id not in self.parameter:
                return [f"'{ast.unparse(st)[:40]}' tidak boleh di sel parameter. " + saran]
            try:
                ast.literal_eval(nilai)  # type: ignore[arg-type]
            except (ValueError, TypeError, SyntaxError, RecursionError):
                return [f"nilai '{target.id}' harus tetap, bukan rumus. " + saran]
            terisi.append(target.id)
        ganda = sorted({p for p in terisi if terisi.count(p) > 1})
        kurang = [p for p in self.parameter if p not in terisi]
        if ganda:
            return [f"parameter {', '.join(ganda)} diisi dua kali; sisakan satu"]
        if kurang:
            return [
                f"sel parameter tidak mengisi {', '.join(kurang)}; tambahkan (mis. "
                f"{kurang[0]} = None) atau " + _PULIHKAN.format(berkas=_nama_berkas(self.path))
            ]
        return []

    def _kode(self, sumber: str) -> list[str]:
        """An import, a loader or a library call (the kinds after the parameters cell)."""
        di_luar = [_EKSPLORASI]
        st = _satu_pernyataan(sumber)
        if st is None:
            return di_luar
        if isinstance(st, ast.ImportFrom) and st.module == PAKET and st.level == 0:
            salah = [a.name for a in st.names if a.asname or not _modul_paket(a.name)]
            if salah:
                return [f"{PAKET} tidak punya modul publik {', '.join(salah)}"]
            masalah = self._setelah_parameter()
            if not masalah:
                self.modul.update(a.name for a in st.names)
            return masalah
        if isinstance(st, (ast.Import, ast.ImportFrom)):
            return [
                f"templat hanya mengimpor modul {PAKET}. Impor lain (pandas dll.) untuk "
                "eksplorasi: pindahkan ke notebooks/eksplorasi.ipynb atau notebooks/coba/"
            ]
        if (
            isinstance(st, ast.Assign)
            and len(st.targets) == 1
            and isinstance(st.targets[0], ast.Name)
            and (p := _panggilan(st.value)) is not None
            and p[1].startswith(AWALAN_MUAT)
        ):
            modul, _, call = p
            arg = list(call.args) + [k.value for k in call.keywords]
            if not all(isinstance(a, ast.Name) and a.id in self.parameter for a in arg):
                return [
                    f"pemuatan data hanya memakai parameter ({', '.join(self.parameter)}); "
                    "pindahkan eksplorasi ke notebooks/eksplorasi.ipynb atau notebooks/coba/"
                ]
            masalah = self._setelah_parameter() + self._modul_diimpor(modul)
            if not masalah:
                self.data.add(st.targets[0].id)
            return masalah
        if isinstance(st, ast.Expr) and (p := _panggilan(st.value)) is not None:
            modul, fungsi, call = p
            if fungsi.startswith("_"):
                return [f"'{fungsi}' fungsi internal; panggil fungsi publik modulnya"]
            if call.keywords or len(call.args) != 1 or not isinstance(call.args[0], ast.Name):
                return di_luar
            masalah = self._setelah_parameter() + self._modul_diimpor(modul)
            if not masalah and call.args[0].id not in self.data:
                masalah.append(
                    f"'{call.args[0].id}' belum dimuat oleh sel sebelumnya "
                    f"(mis. d = {modul}.muat(kkb_id, tahun, data_dir))"
                )
            return masalah
        return di_luar

    def _setelah_parameter(self) -> list[str]:
        if self.pertama is not None and self.nomor < self.pertama:
            return [f"sel kode sebelum sel parameter ('{TAG_PARAMETER}'); pindahkan ke bawahnya"]
        return []

    def _modul_diimpor(self, modul: str) -> list[str]:
        if modul not in self.modul:
            return [
                f"modul '{modul}' belum diimpor di sel sebelumnya (from {PAKET} import {modul})"
            ]
        return []


# ------------------------------------------------------------------------------ entry points
def periksa_notebook(path: Path, parameter: Sequence[str]) -> list[Pelanggaran]:
    """Every problem of the template ``path`` whose declared parameters are ``parameter``."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        sel = nb["cells"]
        if not isinstance(sel, list) or not all(isinstance(s, dict) for s in sel):
            raise TypeError
    except FileNotFoundError:
        return [Pelanggaran(path, None, None, "templat tidak ada; " + _PULIHKAN.format(
            berkas=_nama_berkas(path)))]  # fmt: skip
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return [Pelanggaran(path, None, None, "bukan notebook yang dapat dibaca (JSON rusak); "
                            + _PULIHKAN.format(berkas=_nama_berkas(path)))]  # fmt: skip
    pertama = next(
        (
            i
            for i, s in enumerate(sel, 1)
            if s.get("cell_type") == "code" and TAG_PARAMETER in _tag(s)
        ),
        None,
    )
    p = _Pemeriksa(path, parameter, pertama)
    for nomor, s in enumerate(sel, start=1):
        p.sel(nomor, s)
    if p.sel_parameter is None:
        p.catat(
            None,
            None,
            f"tidak ada sel bertag '{TAG_PARAMETER}' (papermill mengisi parameter lewat sel "
            f"itu). Beri tag '{TAG_PARAMETER}' pada sel yang mengisi {', '.join(parameter)} "
            "(ikon roda gigi di kanan atas → Cell Tags) atau "
            + _PULIHKAN.format(berkas=_nama_berkas(path)),
        )
    return p.out


def periksa_templat(templat: Mapping[Path, Sequence[str]]) -> None:
    """Refuse (:class:`TemplatError`, listing every problem) unless every template is clean.

    ``templat`` maps each template to its declared parameters."""
    masalah = [m for path, param in templat.items() for m in periksa_notebook(path, param)]
    if not masalah:
        return
    raise TemplatError(
        "Templat laporan tidak bersih; 'kkb laporan' tidak membuat laporan apa pun sampai "
        "templat diperbaiki. Buka templatnya di JupyterLab, perbaiki, lalu simpan:\n"
        + "\n".join(m.teks() for m in masalah)
        + "\nAturan: templat hanya berisi "
        + "; ".join(JENIS_SEL.values())
        + ". Rinciannya di docs/panduan.md, bagian 'Templat laporan'."
    )
