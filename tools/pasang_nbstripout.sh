#!/usr/bin/env bash
# Make nbstripout the git filter of the notebooks of the git work tree REPO, run by PYTHON:
#
#   bash tools/pasang_nbstripout.sh REPO PYTHON      (run by `bash run.sh setup`)
#
# `git add` then stages every *.ipynb without outputs and execution counts (the file on disk
# keeps them); cell ids (--keep-id), cell tags (parameters, hapus-saat-ekspor), the kernelspec
# and the rest of the metadata stay, except papermill's run records. Which files are filtered is
# declared in the committed .gitattributes (*.ipynb filter=nbstripout diff=ipynb); this script
# only writes the repository's own config (.git/config), so running it again changes nothing.
# `required` makes git refuse to stage a notebook when the filter cannot run (e.g. .venv was
# deleted) instead of committing its outputs: run `bash run.sh setup` again.
# Outside a git work tree (a tarball), or when REPO is only a folder of another repository, it
# does nothing and succeeds.
set -euo pipefail

repo="${1:?usage: pasang_nbstripout.sh REPO PYTHON}"
py="${2:?usage: pasang_nbstripout.sh REPO PYTHON}"

command -v git >/dev/null 2>&1 || exit 0
top="$(git -C "$repo" rev-parse --show-toplevel 2>/dev/null)" || exit 0
[[ "$(cd "$repo" && pwd -P)" == "$(cd "$top" && pwd -P)" ]] || exit 0
if ! "$py" -c 'import nbstripout' 2>/dev/null; then
    printf 'PERHATIAN: nbstripout belum terpasang di %s; filter git notebook tidak dipasang.\n' "$py" >&2
    printf '           Jalankan: bash run.sh setup\n' >&2
    exit 0
fi
bersihkan="\"$py\" -m nbstripout --keep-id"
git -C "$repo" config filter.nbstripout.clean "$bersihkan"
git -C "$repo" config filter.nbstripout.smudge cat
git -C "$repo" config filter.nbstripout.required true
git -C "$repo" config filter.nbstripout.extrakeys "metadata.papermill cell.metadata.papermill"
git -C "$repo" config diff.ipynb.textconv "$bersihkan -t"
