"""A local socinv server and Debian's headless Chromium for the browser tests.

Run as a script to take the page's screenshot for the docs:

    python tests/browser_support.py docs/img/web_page.png
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAIN_SCENARIO = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(lang: str = "sv", timeout: float = 60.0) -> Iterator[str]:
    """``socinv serve`` on 127.0.0.1 at a free port; yields its base URL and
    stops it afterwards."""
    port = free_port()
    cmd = [sys.executable, "-m", "socinv.cli.main", "serve", "--port", str(port), "--lang", lang]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"socinv serve stopped with exit code {proc.returncode}: {err}")
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"socinv serve did not answer within {timeout} s") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's, never a downloaded one) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_and_run(page: Any, url: str, *, relative_risk: str = "0,7", draws: str = "500") -> None:
    """Upload the main scenario, set the effect on work to ``relative_risk``,
    set the draws and run; returns when the results are on the page."""
    page.goto(f"{url}/")
    page.set_input_files("#file", str(MAIN_SCENARIO))
    page.click("#load")
    page.wait_for_selector("#run-form")
    page.fill('[data-effect="more_work"]', relative_risk)
    page.fill("#draws", draws)
    page.click("#run")
    page.wait_for_selector('[data-testid="npv-society"]', timeout=60_000)


def screenshot(path: Path) -> Path:
    """Take the page's screenshot after a run (for docs/img/web_page.png)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with serve() as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        open_and_run(page, url)
        page.screenshot(path=str(path), full_page=True)
    return path


if __name__ == "__main__":  # pragma: no cover
    os.chdir(ROOT)
    print(screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img/web_page.png")))
