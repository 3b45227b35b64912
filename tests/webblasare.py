"""Headless Chromium for the tests: a minimal DevTools protocol client, axe-core in the
page, and the page's width at a narrow viewport. Not a test module (no test_ prefix);
the test modules import it.

axe-core is the npm package in scripts/axe (installed by ``make system`` through
scripts/npm-paket.sh); Chromium is the Debian package (scripts/systempaket.sh).
"""
from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("VBE_CHROMIUM", "/usr/bin/chromium")
AXE = ROT / "scripts" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: the rule sets axe runs: WCAG 2.0/2.1 A and AA plus its best practices (landmarks,
#: one h1, heading order, skip link …)
AXE_TAGGAR = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def kraver_chromium() -> None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium saknas ({CHROMIUM}); installeras av scripts/systempaket.sh")
    pytest.importorskip("websocket", reason="websocket-client behövs för DevTools-protokollet")


def kraver_axe() -> None:
    kraver_chromium()
    if not AXE.is_file():
        pytest.fail(f"axe-core saknas ({AXE}); kör make system (scripts/npm-paket.sh)")


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cdp:
    """One page target over the DevTools protocol (websocket-client)."""

    def __init__(self, url: str):
        import websocket

        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.nr = 0
        self.handelser: list[dict] = []

    def skicka(self, metod: str, **params):
        self.nr += 1
        nr = self.nr
        self.ws.send(json.dumps({"id": nr, "method": metod, "params": params}))
        while True:
            svar = json.loads(self.ws.recv())
            if svar.get("id") == nr:
                if "error" in svar:
                    raise RuntimeError(f"{metod}: {svar['error']}")
                return svar.get("result", {})
            self.handelser.append(svar)

    def vanta_pa(self, metod: str, sekunder: float = 30):
        slut = time.monotonic() + sekunder
        while time.monotonic() < slut:
            if any(h.get("method") == metod for h in self.handelser):
                return
            self.handelser.append(json.loads(self.ws.recv()))
        raise TimeoutError(metod)

    def varde(self, uttryck: str, vanta: bool = False):
        """The JSON value of a JavaScript expression (a promise is awaited with ``vanta``)."""
        r = self.skicka("Runtime.evaluate", expression=uttryck, returnByValue=True, awaitPromise=vanta)
        if "exceptionDetails" in r:
            raise RuntimeError(f"JavaScript-fel: {r['exceptionDetails']}")
        return r["result"].get("value")

    def oppna(self, sida: Path, bredd: int = 1100, hojd: int = 1400) -> None:
        self.skicka("Emulation.setDeviceMetricsOverride", width=bredd, height=hojd, deviceScaleFactor=1,
                    mobile=False)
        self.handelser.clear()
        self.skicka("Page.navigate", url=Path(sida).resolve().as_uri())
        self.vanta_pa("Page.loadEventFired")

    def bredd(self, bredd: int, hojd: int = 900) -> dict:
        """Resize the viewport; returns the page's scroll width against the viewport."""
        self.skicka("Emulation.setDeviceMetricsOverride", width=bredd, height=hojd, deviceScaleFactor=1,
                    mobile=False)
        return self.varde("""(() => { const d = document.documentElement;
            return {scrollbredd: d.scrollWidth, synlig: d.clientWidth,
                    breda: Array.from(document.querySelectorAll('main *')).filter(e =>
                        e.getBoundingClientRect().right > d.clientWidth + 1 && !e.closest('.tabell'))
                        .slice(0, 5).map(e => e.tagName + '.' + e.className)}; })()""")

    def axe(self) -> list[dict]:
        """axe-core's violations on the page (rules of :data:`AXE_TAGGAR`)."""
        self.varde(AXE.read_text(encoding="utf-8") + "; true")
        regler = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGGAR}, "resultTypes": ["violations"]})
        svar = self.varde(f"axe.run(document, {regler}).then(r => JSON.stringify({{version: axe.version, "
                          "violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
                          "noder: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}))", vanta=True)
        resultat = json.loads(svar)
        self.axe_version = resultat["version"]
        return resultat["violations"]

    def skarmbild(self, fil: Path) -> None:
        bild = self.skicka("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        Path(fil).write_bytes(base64.b64decode(bild["data"]))


class Chromium:
    """``with Chromium(profil) as cdp:`` a headless Chromium with one page."""

    def __init__(self, profil: Path):
        self.profil = profil

    def __enter__(self) -> Cdp:
        port = _ledig_port()
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={self.profil}", f"--remote-debugging-port={port}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        mal = None
        slut = time.monotonic() + 30
        while time.monotonic() < slut and mal is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    mal = next((t for t in json.load(r) if t.get("type") == "page"), None)
            except OSError:
                time.sleep(0.2)
        if mal is None:
            self.__exit__(None, None, None)
            raise AssertionError("Chromium startade inte DevTools")
        self.cdp = Cdp(mal["webSocketDebuggerUrl"])
        for doman in ("Page", "Runtime", "Log", "Network"):
            self.cdp.skicka(f"{doman}.enable")
        return self.cdp

    def __exit__(self, *exc) -> None:
        cdp = getattr(self, "cdp", None)
        if cdp is not None:
            try:
                cdp.ws.close()
            except Exception:
                pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
