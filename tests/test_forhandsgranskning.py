"""``vbe forhandsgranska`` (issue 18) over real HTTP on 127.0.0.1: the server starts and
serves the wrapper page and the reports, rebuilds on a saved change and says so on its
event stream, shows bad data as Swedish problems above the previous good report, passes
axe and reloads in headless Chromium, and stops cleanly on Ctrl-C.

One server process is shared by the tests, in order. To stay cheap its notebook folder
holds three one-cell notebooks (the police text as the lägesbild) and its data only what
validation requires; the build itself is the real one (plan, validation, batch, fresh
kernels, publication into the preview folder)."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook
from terminal import som_forgrundsprocess

ROT = Path(__file__).resolve().parents[1]
VBE = Path(sys.executable).parent / "vbe"
pytestmark = pytest.mark.slow

KOD = '''\
from pathlib import Path
from IPython.display import Markdown, display
text = Path(data_dir, "polis", str(planar), f"{namnd}.md").read_text(encoding="utf-8")
display(Markdown("## Polisens text\\n\\n" + text))
'''


def _notebook(fil: Path, kod: str) -> None:
    parametrar = new_code_cell('namnd = "sodermalm"\nplanar = 2021\ndata_dir = "../data"\n'
                               'parametrar_dir = "../parameters"\nbyggdatum = None\nexcel_utdata = None\n'
                               'texthjalp = True')
    parametrar.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[parametrar, new_code_cell(kod)],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}}), fil)


class Server:
    def __init__(self, rot: Path):
        self.rot = rot
        self.proc = subprocess.Popen(
            [str(VBE), "forhandsgranska", "--namnd", "sodermalm", "--ar", "2021", "--data", "data",
             "--parametrar", "parameters", "--notebooks", "nb", "--byggdatum", "2026-01-15", "--vila", "0.5"],
            cwd=rot, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            preexec_fn=som_forgrundsprocess)
        rad = self.proc.stdout.readline()
        assert "http://127.0.0.1:" in rad, rad + self.proc.stderr.read()
        self.url = rad[rad.index("http://"):].split()[0]
        assert self.url.endswith("/")

    def hamta(self, sokvag: str) -> tuple[int, dict, str]:
        try:
            with urllib.request.urlopen(self.url + sokvag.lstrip("/"), timeout=30) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.hamta("/status")[2])

    def _vanta(self, nyckel: str, minst: int, sekunder: float) -> dict:
        slut = time.monotonic() + sekunder
        while time.monotonic() < slut:
            s = self.status()
            if s[nyckel] >= minst and not s["bygger"]:
                return s
            time.sleep(0.2)
        raise AssertionError(f"inget {nyckel} {minst}: {self.status()}")

    def vanta_pa_bygge(self, minst: int, sekunder: float = 120) -> dict:
        return self._vanta("bygge", minst, sekunder)

    def vanta_pa_filer(self, minst: int, sekunder: float = 120) -> dict:
        """Wait for the full pass (PDF and Word) after an HTML-only one."""
        return self._vanta("filer", minst, sekunder)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    rot = tmp_path_factory.mktemp("forhand")
    data = rot / "data"
    (data / "polis" / "2021").mkdir(parents=True)
    shutil.copytree(ROT / "data" / "enkat" / "2021", data / "enkat" / "2021")
    (data / "datakalla.yml").write_text("exempeldata: true\n", encoding="utf-8")
    (data / "brott.csv").write_text("Område,År,Brottskategori,Antal\nSödermalm,2020,Hets mot folkgrupp,5\n"
                                    "Södermalm,2019,Hets mot folkgrupp,4\n", encoding="utf-8")
    (data / "polis" / "2021" / "sodermalm.md").write_text("Första versionen av polisens text.\n", encoding="utf-8")
    shutil.copytree(ROT / "parameters", rot / "parameters")
    (rot / "nb").mkdir()
    _notebook(rot / "nb" / "lagesbild.ipynb", KOD)
    for typ in ("uppfoljning", "handlingsplan"):
        _notebook(rot / "nb" / f"{typ}.ipynb",
                  'from IPython.display import Markdown, display\ndisplay(Markdown("## Kort\\n\\nEn mening."))')
    s = Server(rot)
    yield s
    if s.proc.poll() is None:
        os.killpg(s.proc.pid, signal.SIGKILL)
        s.proc.wait(10)


def _servern_visar_omslagssidan_och_rapporten(server):
    server.vanta_pa_bygge(1)
    kod, huvud, text = server.hamta("/")
    assert kod == 200 and huvud["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in huvud["Content-Security-Policy"]
    soup = BeautifulSoup(text, "html.parser")
    assert soup.html["lang"] == "sv" and soup.title.get_text().startswith("Förhandsgranskning")
    assert len(soup.find_all("h1")) == 1
    status = soup.find(id="status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    ram = soup.find("iframe")
    assert ram["src"] == "/rapport/lagesbild-2021-sodermalm.html" and ram["title"]
    kod, _, rapport = server.hamta(ram["src"])
    assert kod == 200 and "Första versionen av polisens text." in rapport
    for fel in ("/rapport/manifest.json", "/rapport/..%2Fmanifest.json", "/rapport/.hemlig", "/annat"):
        assert server.hamta(fel)[0] == 404, fel
    # the published folder is never touched: everything is under _forhandsgranskning
    assert not (server.rot / "outputs" / "2021").exists()
    # the first pass is HTML only; the PDF and Word files follow when nothing is saved
    server.vanta_pa_filer(1)
    mapp = server.rot / "outputs" / "_forhandsgranskning" / "2021" / "sodermalm"
    for f in ("pdf", "docx"):
        assert (mapp / f"lagesbild-2021-sodermalm.{f}").is_file(), f
    assert (mapp / "handlingsplan-2021-sodermalm-med-bilagor.pdf").is_file()
    soup = BeautifulSoup(server.hamta("/")[2], "html.parser")
    assert [a["href"] for a in soup.find(id="filer").find_all("a")][:2] == [
        "/rapport/lagesbild-2021-sodermalm.pdf", "/rapport/lagesbild-2021-sodermalm.docx"]
    assert server.status()["bygge"] == 1, "the full pass left the HTML as it was: no reload"


def _handelser(server: Server):
    """An open event stream; yields (event, data)."""
    u = server.url.split("//")[1].rstrip("/")
    vard, port = u.split(":")
    conn = http.client.HTTPConnection(vard, int(port), timeout=120)
    conn.request("GET", "/handelser")
    svar = conn.getresponse()
    assert svar.status == 200 and svar.headers["Content-Type"].startswith("text/event-stream")
    handelse = None
    while True:
        rad = svar.fp.readline().decode("utf-8").rstrip("\n")
        if rad.startswith("event: "):
            handelse = rad[7:]
        elif rad.startswith("data: "):
            yield handelse, rad[6:]


def _en_sparad_andring_byggs_om_och_meddelas(server):
    fore = server.vanta_pa_bygge(1)["bygge"]
    strom = _handelser(server)
    assert next(strom) == ("bygge", str(fore))
    (server.rot / "data" / "polis" / "2021" / "sodermalm.md").write_text("Andra versionen <b>fet</b>.\n",
                                                                          encoding="utf-8")
    t0 = time.monotonic()
    sett = []
    for handelse, data in strom:
        sett.append(handelse)
        if handelse == "bygge":
            assert int(data) == fore + 1
            break
    assert "bygger" in sett
    print(f"sparad ändring -> händelse: {time.monotonic() - t0:.1f} s")
    _, _, rapport = server.hamta("/rapport/lagesbild-2021-sodermalm.html")
    assert "Andra versionen" in rapport


def _fel_i_data_visas_pa_svenska_och_forra_rapporten_ligger_kvar(server):
    fore = server.vanta_pa_bygge(2)["bygge"]
    brott = server.rot / "data" / "brott.csv"
    gammal = brott.read_text(encoding="utf-8")
    brott.write_text(gammal + "".join(f"Södermalm,<i>tjugo</i>,Hets mot folkgrupp,{n}\n" for n in (3, 4, 5)),
                     encoding="utf-8")
    s = server.vanta_pa_bygge(fore + 1)
    # three rows with the same problem: one line naming all three rows
    assert any("brott.csv, rad 4–6 (3 rader)" in p and "År" in p for p in s["problem"]), s
    assert not any("rad 5:" in p for p in s["problem"]), s
    kod, _, text = server.hamta("/")
    assert kod == 200 and "Det senaste bygget misslyckades" in text and "brott.csv, rad 4" in text
    assert "<i>tjugo</i>" not in text and "&lt;i&gt;tjugo&lt;/i&gt;" in text
    assert "Traceback" not in text
    soup = BeautifulSoup(text, "html.parser")
    assert soup.find("iframe")["src"] == "/rapport/lagesbild-2021-sodermalm.html"
    assert "Andra versionen" in server.hamta("/rapport/lagesbild-2021-sodermalm.html")[2]
    # put right again: the error goes away
    brott.write_text(gammal, encoding="utf-8")
    s = server.vanta_pa_bygge(fore + 2)
    assert s["problem"] == []


def _sidan_i_chromium_axe_och_omladdning(server, tmp_path):
    import webblasare

    webblasare.kraver_axe()
    fore = server.vanta_pa_bygge(1)["bygge"]
    with webblasare.Chromium(tmp_path / "profil") as cdp:
        cdp.skicka("Emulation.setDeviceMetricsOverride", width=1200, height=900, deviceScaleFactor=1, mobile=False)
        cdp.handelser.clear()
        cdp.skicka("Page.navigate", url=server.url)
        cdp.vanta_pa("Page.loadEventFired")
        assert cdp.axe() == []
        assert cdp.varde("document.querySelector('iframe').contentDocument.body.innerText").find("Andra versionen") >= 0
        cdp.varde("window.vbeMarkor = 1; true")
        fil = server.rot / "data" / "polis" / "2021" / "sodermalm.md"
        fil.write_text("Tredje versionen.\n", encoding="utf-8")
        server.vanta_pa_bygge(fore + 1)
        slut = time.monotonic() + 30
        while time.monotonic() < slut and cdp.varde("window.vbeMarkor === 1"):
            time.sleep(0.2)
        assert not cdp.varde("window.vbeMarkor === 1"), "sidan laddades inte om"
        time.sleep(0.5)
        assert "Tredje versionen" in cdp.varde(
            "document.querySelector('iframe').contentDocument.body.innerText")
        # the reloaded page has the new HTML only; the PDF link comes with the full pass, in place
        cdp.varde("window.vbeMarkor = 2; true")
        assert "byggs" in cdp.varde("document.getElementById('filer').textContent")
        forra = server.status()["filer"]
        server.vanta_pa_filer(forra + 1)
        slut = time.monotonic() + 10
        while time.monotonic() < slut and "PDF" not in cdp.varde("document.getElementById('filer').textContent"):
            time.sleep(0.2)
        assert "PDF" in cdp.varde("document.getElementById('filer').textContent")
        assert cdp.varde("window.vbeMarkor === 2"), "the page was reloaded for the PDF and Word files"
        assert cdp.axe() == []
        cdp.skarmbild(tmp_path / "forhandsgranskning.png")


def _ctrl_c_stoppar_rent(server):
    server.vanta_pa_bygge(1)
    slut = time.monotonic() + 60
    while server.status()["bygger"] and time.monotonic() < slut:  # a late rebuild of the last save
        time.sleep(0.2)
    os.killpg(server.proc.pid, signal.SIGINT)
    ut, fel = server.proc.communicate(timeout=60)
    assert server.proc.returncode == 130, (server.proc.returncode, ut[-2000:], fel[-3000:])
    assert "Traceback" not in fel + ut and "Förhandsgranskningen avslutades" in fel
    internt = server.rot / "outputs" / "_forhandsgranskning" / "_internt"
    assert not list(internt.glob(".korning-*"))
    assert not list((server.rot / "outputs" / "_forhandsgranskning" / "2021").glob(".tmp-*"))


def test_forhandsgranskning_steg_for_steg(server, tmp_path):
    """The steps share one server process and depend on each other's builds, so they run
    in order in one test (xdist's loadgroup cannot keep separate tests together on
    pytest 9.2: pytest-dev/pytest-xdist#1386)."""
    _servern_visar_omslagssidan_och_rapporten(server)
    _en_sparad_andring_byggs_om_och_meddelas(server)
    _fel_i_data_visas_pa_svenska_och_forra_rapporten_ligger_kvar(server)
    _sidan_i_chromium_axe_och_omladdning(server, tmp_path)
    _ctrl_c_stoppar_rent(server)
