#!/usr/bin/env bash
# The one entry point for kkb-analysis: sets up a fresh machine and runs things.
#
#   bash run.sh              main job: set up, then `kkb utama` (sample data if data/raw is empty,
#                            validate, build both years)
#   bash run.sh setup        only create .venv and install the locked dependencies + the project;
#                            in a git clone also the nbstripout filter (notebooks are committed
#                            without outputs; tools/pasang_nbstripout.sh)
#   bash run.sh setup lab    the same with the lab lock and the kernel name of `run.sh lab`, without
#                            starting JupyterLab (CI runs it first: the JupyterLab browser test)
#   bash run.sh test [ARGS]  every test (pytest -n auto, ARGS passed through), then ruff; fails if
#                            either fails. This is what CI runs.
#   bash run.sh test cepat [ARGS]  the fast loop: the same without the slow categories (pytest -m
#                            "not lambat": batch, fault injection, notebooks, corpus, fuzz, leak test)
#   bash run.sh lint         ruff check . && ruff format --check .
#   bash run.sh lab [ARGS]   add the lab lock (jupyterlab, git panel, language server, widgets) to
#                            .venv, name the kernel "Python (kkb-analysis)" and start `jupyter lab`
#                            at the project root, opened on notebooks/ (ARGS passed through; on a
#                            server: bash run.sh lab --no-browser --ip=0.0.0.0 --port=8888)
#   bash run.sh kkb ARGS     run the kkb CLI with ARGS
#   bash run.sh skema        regenerate the files generated from the computation and the
#                            indicator catalogue: kkb_analysis/referensi/skema_keluaran.yaml and
#                            the column tables of docs/skema.md (tools/skema_keluaran.py)
#
# Needs only python3.11 with venv (Debian: apt-get install python3.11-venv); no uv, no make, no sudo.
# Environment:
#   PYTHON=/path/to/python3.11   interpreter used to create .venv (default: python3.11, else python3)
#   KKB_PAKAI_PIP=1              skip uv and install with pip (the fallback path)
#   KKB_BUTUH_CHROMIUM=0         skip installing Debian's chromium (PDF export; installed by default
#                                when running as root, otherwise a hint is printed)
# Re-runs are fast: the install is skipped while .venv/.kkb-installed holds the sha256 of the lock
# file(s) and pyproject.toml. Delete that file to force a reinstall.
set -euo pipefail

UV_VERSION="0.13.9"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
VPY="$VENV/bin/python"
STAMP="$VENV/.kkb-installed"
LAB_MARK="$VENV/.kkb-lab" # present once `run.sh lab` has run: setup then keeps jupyterlab installed
LOCK="requirements.lock"
LAB_LOCK="requirements-lab.lock"

say() { printf '==> %s\n' "$*"; }
die() {
    printf 'GAGAL: %s\n' "$*" >&2
    exit 1
}

is_py311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

ensure_venv() {
    if [[ -x "$VPY" ]]; then
        is_py311 "$VPY" || die ".venv memakai Python $("$VPY" -c 'import sys; print(sys.version.split()[0])'), bukan 3.11.
       Hapus lalu ulangi: rm -rf .venv && bash run.sh setup   (.venv is not Python 3.11; delete it and re-run)"
        return
    fi
    local py="${PYTHON:-}"
    if [[ -z "$py" ]]; then
        py="$(command -v python3.11 || command -v python3 || true)"
        [[ -n "$py" ]] || die "python3.11 tidak ditemukan. Pasang Python 3.11 atau set PYTHON=/path/ke/python3.11 (Python 3.11 not found)."
    fi
    command -v "$py" >/dev/null 2>&1 || die "PYTHON=$py tidak ditemukan (interpreter not found)."
    if ! is_py311 "$py"; then
        die "Proyek ini butuh Python 3.11, tetapi $py adalah $("$py" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo '?').
       Set PYTHON=/path/ke/python3.11, mis. PYTHON=python3.11 bash run.sh   (this project needs Python 3.11)"
    fi
    say "Membuat .venv dengan $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
    rm -rf "$VENV"
    "$py" -m venv "$VENV" || die "python -m venv gagal. Di Debian: apt-get install python3.11-venv (venv module missing)."
}

# sha256 over the lock file(s) in use and pyproject.toml; stored in $STAMP after a good install.
deps_hash() {
    "$VPY" - "$@" pyproject.toml <<'PY'
import hashlib, sys
h = hashlib.sha256()
for name in sys.argv[1:]:
    h.update(name.encode() + b"\0")
    with open(name, "rb") as f:
        h.update(f.read())
print(h.hexdigest())
PY
}

install_with_uv() {
    local uv="$VENV/bin/uv"
    if [[ "$("$uv" --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
        say "Memasang uv==$UV_VERSION ke .venv"
        "$VPY" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" || return 1
    fi
    say "uv pip sync $*"
    # --compile-bytecode: write the .pyc files now, as pip does. Without them every Python
    # process (each test worker, kernel and subprocess) recompiles pandas & co. from source when
    # PYTHONDONTWRITEBYTECODE is set: ≈ 2.5 s of CPU per process start.
    "$uv" pip sync --quiet --compile-bytecode --python "$VPY" "$@" || return 1
    say "uv pip install --no-deps -e ."
    "$uv" pip install --quiet --python "$VPY" --no-deps -e . || return 1
}

install_with_pip() {
    local lock
    for lock in "$@"; do
        say "pip install -r $lock"
        "$VPY" -m pip install --quiet --disable-pip-version-check -r "$lock" || return 1
    done
    say "pip install --no-deps -e ."
    "$VPY" -m pip install --quiet --disable-pip-version-check --no-deps -e . || return 1
}

do_setup() {
    ensure_venv
    local locks=("$LOCK")
    [[ -f "$LAB_MARK" ]] && locks=("$LAB_LOCK") # the lab lock is a superset of the default lock
    local lock
    for lock in "${locks[@]}"; do
        [[ -f "$lock" ]] || die "$lock tidak ada (missing; regenerate with: make lock)."
    done
    local want
    want="$(deps_hash "${locks[@]}")"
    if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
        say "Dependensi sudah terpasang (${locks[*]}); lewati instalasi"
    else
        rm -f "$STAMP"
        local t0=$SECONDS
        if [[ "${KKB_PAKAI_PIP:-0}" == 1 ]]; then
            install_with_pip "${locks[@]}" || die "pip install gagal."
        elif ! install_with_uv "${locks[@]}"; then
            say "uv gagal; mencoba lagi dengan pip (uv failed, falling back to pip)"
            install_with_pip "${locks[@]}" || die "pip install juga gagal."
        fi
        printf '%s\n' "$want" >"$STAMP"
        say "Instalasi selesai dalam $((SECONDS - t0)) detik"
    fi
    ensure_git_filter
    ensure_chromium
}

# Notebook outputs never reach a commit: nbstripout as the git filter of *.ipynb (attributes in
# the committed .gitattributes; config in .git/config). Only inside the project's own git work
# tree; idempotent; never fails the setup.
ensure_git_filter() {
    bash "$ROOT/tools/pasang_nbstripout.sh" "$ROOT" "$VPY" ||
        printf 'PERHATIAN: filter git nbstripout tidak terpasang (lihat pesan di atas).\n' >&2
}

# PDF export prints HTML with a headless Chromium (playwright cannot download its own browser
# here): Debian's chromium, or Chrome/Edge named by KKB_CHROMIUM. Skipped with KKB_BUTUH_CHROMIUM=0.
ensure_chromium() {
    [[ "${KKB_BUTUH_CHROMIUM:-1}" == 1 ]] || return 0
    [[ -n "${KKB_CHROMIUM:-}" ]] && return 0
    if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
        return 0
    fi
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "Memasang chromium (apt-get) untuk ekspor PDF"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        printf 'PERHATIAN: chromium dibutuhkan untuk ekspor PDF tetapi tidak ada di PATH.\n' >&2
        printf '           Jalankan: sudo apt-get update && sudo apt-get install -y chromium\n' >&2
    fi
}

# The project's kernel keeps the name python3 (the notebooks' metadata and papermill use it) and
# is shown as "Python (kkb-analysis)"; written into .venv on every lab setup since a reinstall of
# ipykernel puts back its own "Python 3 (ipykernel)" file.
do_setup_lab() {
    ensure_venv
    touch "$LAB_MARK"
    do_setup
    "$VPY" -m ipykernel install --sys-prefix --name python3 \
        --display-name "Python (kkb-analysis)" >/dev/null
}

do_lint() {
    local rc=0
    say "ruff check ."
    "$VENV/bin/ruff" check . || rc=1
    say "ruff format --check ."
    "$VENV/bin/ruff" format --check . || rc=1
    return "$rc"
}

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }

cmd="${1:-utama}"
[[ $# -gt 0 ]] && shift
case "$cmd" in
    utama)
        do_setup
        say "kkb utama"
        exec "$VENV/bin/kkb" utama
        ;;
    setup)
        if [[ "${1:-}" == lab ]]; then
            do_setup_lab
        else
            do_setup
        fi
        ;;
    test)
        do_setup
        test_rc=0
        lint_rc=0
        # Parallel on every core (pytest-xdist); loadgroup keeps the modules that share an
        # expensive fixture on one worker (tests/conftest.py). A later -n 0 in ARGS wins.
        pytest_args=(-n auto --dist loadgroup)
        if [[ "${1:-}" == cepat ]]; then
            shift
            pytest_args+=(-m "not lambat")
        fi
        pytest_args+=("$@")
        say "pytest ${pytest_args[*]}"
        "$VPY" -m pytest "${pytest_args[@]}" || test_rc=$?
        do_lint || lint_rc=$?
        if [[ $test_rc != 0 || $lint_rc != 0 ]]; then
            die "test: pytest exit $test_rc, lint exit $lint_rc"
        fi
        say "Tes dan lint lulus"
        ;;
    lint)
        do_setup
        do_lint || die "lint gagal (ruff); perbaiki dengan: make format"
        ;;
    lab)
        do_setup_lab
        root_flag=()
        [[ "$(id -u)" == 0 ]] && root_flag=(--allow-root)
        # Root = the project (file browser, git panel, kkb_analysis/ to edit), opened on
        # notebooks/; JupyterLab starts a notebook's kernel in the notebook's folder, so the
        # report notebooks run in notebooks/, as in `kkb laporan`.
        say "jupyter lab $*"
        exec "$VENV/bin/jupyter" lab --ServerApp.root_dir="$ROOT" \
            --LabApp.default_url=/lab/tree/notebooks "${root_flag[@]}" "$@"
        ;;
    kkb)
        do_setup
        exec "$VENV/bin/kkb" "$@"
        ;;
    skema)
        do_setup
        say "python tools/skema_keluaran.py"
        exec "$VPY" tools/skema_keluaran.py
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        usage >&2
        die "perintah tidak dikenal: $cmd (unknown command)"
        ;;
esac
