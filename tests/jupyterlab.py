"""A real JupyterLab for the tests: a server on 127.0.0.1 (free port, random token, a throw-away
root folder and Jupyter settings) driven by Chromium through playwright, as an analyst would.

:func:`server_lab` starts the server; :func:`jalankan_semua` opens a notebook, runs every cell
through the menu (Run → Run All Cells), waits until the kernel is idle and returns what the page
shows: cell prompts, error outputs and stderr text. Nothing here writes outside the given
folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Seconds to wait for the server to answer, a kernel to start and one notebook to finish (a
#: loaded 2-core machine is 3-5 times slower than a quiet one).
BATAS_SERVER = 120.0
BATAS_KERNEL = 120.0
BATAS_NOTEBOOK = 300.0

#: Lab settings of the test server: every cell kept in the page (no windowing, so every output
#: can be read), no news or update pop-ups.
PENGATURAN_LAB: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

#: Output of a cell that failed, as JupyterLab renders it: a traceback and stderr both carry this
#: MIME type.
SEL_STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
#: Words that mark an error in rendered text output (a printed exception, a failed cell).
KATA_GALAT = ("Traceback", "Error", "Exception")


@dataclass(frozen=True)
class ServerLab:
    """A running JupyterLab: its address and token, and the folders it was started with."""

    url: str
    token: str
    root: Path
    log: Path

    def alamat(self, path: str) -> str:
        """The URL of ``path`` (e.g. ``lab/tree/notebooks/x.ipynb``) with the token."""
        return f"{self.url}/{path}?token={self.token}"

    def api(self, path: str) -> Any:
        """GET ``/api/<path>`` as JSON."""
        req = urllib.request.Request(
            f"{self.url}/api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())


@dataclass
class HasilLab:
    """What the page showed after Run All: a prompt per code cell ("[3]:", "[ ]:", "[*]:"), the
    text of every stderr/error output and of every rendered text output naming an error, and
    the kernel name shown in the toolbar."""

    prompt: list[str]
    stderr: list[str] = field(default_factory=list)
    teks_galat: list[str] = field(default_factory=list)
    nama_kernel: str = ""
    detik: float = 0.0

    @property
    def galat(self) -> list[str]:
        """Every sign of an error: stderr/traceback output naming one, a cell never run."""
        tanda = [t for t in self.stderr if any(k in t for k in KATA_GALAT)]
        tanda += self.teks_galat
        tanda += [
            f"sel kode ke-{i + 1} tidak dijalankan ({p})"
            for i, p in enumerate(self.prompt)
            if not p.strip("[]: ").isdigit()
        ]
        return tanda


def port_bebas() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server_lab(root: Path, kerja: Path, env: Mapping[str, str]) -> Iterator[ServerLab]:
    """Start ``jupyter lab`` (this interpreter's) serving ``root``; ``kerja`` holds its settings,
    runtime files and log. ``env`` is added to the environment (the kernels inherit it)."""
    port, token = port_bebas(), secrets.token_hex(16)
    pengaturan = kerja / "pengaturan-lab"
    for nama, isi in PENGATURAN_LAB.items():
        berkas = pengaturan / nama
        berkas.parent.mkdir(parents=True, exist_ok=True)
        berkas.write_text(json.dumps(isi), encoding="utf-8")
    lingkungan = {
        **os.environ,
        # the user's own Jupyter config, data (kernels) and runtime stay out of the test
        "JUPYTER_CONFIG_DIR": str(kerja / "config"),
        "JUPYTER_DATA_DIR": str(kerja / "data"),
        "JUPYTER_RUNTIME_DIR": str(kerja / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        **env,
    }
    lingkungan.pop("MPLBACKEND", None)  # the inline backend, as in a user's JupyterLab
    log = kerja / "jupyterlab.log"
    perintah = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={pengaturan}",
        f"--LabApp.workspaces_dir={kerja / 'workspaces'}",
        "--ServerApp.allow_remote_access=False",
    ]
    if hasattr(os, "getuid") and os.getuid() == 0:
        perintah.append("--allow-root")  # CI runs as root
    with log.open("w", encoding="utf-8") as keluar:
        proses = subprocess.Popen(
            perintah, env=lingkungan, stdout=keluar, stderr=subprocess.STDOUT, cwd=root
        )
    server = ServerLab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        _tunggu_server(server, proses)
        yield server
    finally:
        proses.terminate()
        try:
            proses.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait()


def _tunggu_server(server: ServerLab, proses: subprocess.Popen) -> None:
    """Wait until the server answers ``/api/status``; fail with its log if it stopped."""
    batas = time.monotonic() + BATAS_SERVER
    while time.monotonic() < batas:
        if proses.poll() is not None:
            raise RuntimeError(
                f"JupyterLab berhenti (kode {proses.returncode}):\n{server.log.read_text()}"
            )
        with contextlib.suppress(OSError, urllib.error.URLError):
            server.api("status")
            return
        time.sleep(0.5)
    raise TimeoutError(
        f"JupyterLab tidak menjawab dalam {BATAS_SERVER} s:\n{server.log.read_text()}"
    )


def jalankan_semua(page: Any, server: ServerLab, notebook: str) -> HasilLab:
    """Open ``notebook`` (path under the server root) in ``page`` (a playwright page), run all
    cells through the Run menu and wait for the kernel to be idle; return what the page shows."""
    t0 = time.monotonic()
    page.goto(server.alamat(f"lab/tree/{notebook}"))
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=BATAS_KERNEL * 1000)
    _pilih_kernel(page, server, notebook)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Every code cell queued ("[*]"), then the kernel busy until the last one ran.
    time.sleep(1.0)
    _tunggu_idle(page, panel, BATAS_NOTEBOOK)
    prompt = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    stderr = panel.locator(SEL_STDERR).all_inner_texts()
    teks = panel.locator(".jp-OutputArea-output .jp-RenderedText").all_inner_texts()
    return HasilLab(
        prompt=[p.strip() for p in prompt],
        stderr=stderr,
        teks_galat=[t for t in teks if any(k in t for k in ("Traceback", "Error:"))],
        nama_kernel=panel.locator(".jp-KernelName").first.inner_text().strip(),
        detik=time.monotonic() - t0,
    )


def _pilih_kernel(page: Any, server: ServerLab, notebook: str) -> None:
    """Wait until the notebook has a running, idle kernel (the server's session list says so);
    accept the "Select Kernel" dialog (the preferred kernel, as a user clicks "Select") when
    JupyterLab asks."""
    batas = time.monotonic() + BATAS_KERNEL
    while time.monotonic() < batas:
        dialog = page.locator(".jp-Dialog")
        if dialog.count() and dialog.first.is_visible():
            dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        sesi = [s for s in server.api("sessions") if s.get("path") == notebook]
        if sesi and (sesi[0].get("kernel") or {}).get("execution_state") == "idle":
            return
        time.sleep(0.5)
    raise TimeoutError(f"kernel untuk {notebook} tidak siap dalam {BATAS_KERNEL} s")


def _tunggu_idle(page: Any, panel: Any, batas_detik: float) -> None:
    """Wait until no cell is queued or running ("[*]") and the kernel status is idle."""
    batas = time.monotonic() + batas_detik
    while time.monotonic() < batas:
        prompt = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        status = panel.locator(".jp-Notebook-ExecutionIndicator").first.get_attribute("data-status")
        if not any("*" in p for p in prompt) and status == "idle":
            return
        time.sleep(0.5)
    raise TimeoutError(f"notebook tidak selesai dalam {batas_detik} s")


def rata_teks(page: Any, selector: str) -> str:
    """The computed ``text-align`` of the first element matching ``selector``."""
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).textAlign")
