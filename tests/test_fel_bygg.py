"""Fault tests of the build and publication (issue 21): signals during a build (Ctrl-C,
SIGTERM, SIGHUP, kill -9), a folder that cannot be replaced, a read-only or full output
folder, a missing notebook, a cut-off swap; the messages are Swedish and never a traceback.

The builds are cheap: two committees with short notebooks (tests/fixtures/notebooks/kort.ipynb),
one of which sleeps so that the signal comes at a known moment.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from terminal import som_forgrundsprocess
from vbe_lib.bygg import stadning

FIXTURER = Path(__file__).parent / "fixtures" / "notebooks"
REPO = Path(__file__).resolve().parents[1]
PUBLICERADE = [f"{t}-2021-{{slug}}.{s}" for t in ("lagesbild", "uppfoljning", "handlingsplan")
               for s in ("docx", "html", "pdf")] + ["handlingsplan-2021-{slug}-med-bilagor.pdf"]

#: a cell that makes the committees named in VBE_TEST_SOV sleep, after leaving a marker file
SOV = '''import os, pathlib, time
if namnd in os.environ.get("VBE_TEST_SOV", "").split(","):
    pathlib.Path(os.environ["VBE_TEST_MARKOR"] + "-" + namnd).touch()
    time.sleep(120)'''


def _notebooks(katalog: Path) -> Path:
    katalog.mkdir()
    kort = nbformat.read(FIXTURER / "kort.ipynb", as_version=4)
    nbformat.write(kort, katalog / "uppfoljning.ipynb")
    nbformat.write(kort, katalog / "handlingsplan.ipynb")
    kort.cells.append(new_code_cell(SOV))
    nbformat.write(kort, katalog / "lagesbild.ipynb")
    return katalog


def _gamla(ut: Path, slug: str) -> dict[str, bytes]:
    """A published folder of an earlier build (the same file names as a new build makes)."""
    mapp = ut / "2021" / slug
    mapp.mkdir(parents=True)
    filer = {n.format(slug=slug): f"gammal {n}".encode() for n in PUBLICERADE}
    for n, b in filer.items():
        (mapp / n).write_bytes(b)
    import hashlib

    manifest = {"status": "klar", "filer": {n: hashlib.sha256(b).hexdigest() for n, b in filer.items()},
                "parametrar": {"byggdatum": "2020-01-01"}}
    (mapp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return {p.name: p.read_bytes() for p in mapp.iterdir()}


def _innehall(mapp: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in mapp.iterdir()} if mapp.is_dir() else {}


def _vbe() -> list[str]:
    vbe = Path(sys.executable).with_name("vbe")
    return [str(vbe)] if vbe.is_file() else [sys.executable, "-c", "from vbe_lib.cli import main; main()"]


def _processer_med(markor: str) -> list[int]:
    """Processes (ours) whose environment carries ``markor``: the build and its children."""
    ut = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if markor.encode() in (d / "environ").read_bytes():
                ut.append(int(d.name))
        except OSError:
            continue
    return ut


def _vanta_tills(villkor, sekunder: float = 90) -> bool:
    slut = time.monotonic() + sekunder
    while time.monotonic() < slut:
        if villkor():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def bygge(tmp_path):
    """Starts `vbe rapport` for Södermalm (quick) and Farsta (sleeps in its lägesbild)
    over earlier published folders of both; waits until Södermalm is published and
    Farsta's notebook is running."""
    if not Path("/proc/self/environ").exists():
        pytest.skip("processerna följs via /proc (Linux)")
    ut, tmp = tmp_path / "ut", tmp_path / "t"
    tmp.mkdir()
    gamla = {s: _gamla(ut, s) for s in ("sodermalm", "farsta")}
    markor = f"vbe-test-{uuid.uuid4().hex}"
    env = {**os.environ, "VBE_TEST_SOV": "farsta", "VBE_TEST_MARKOR": str(tmp_path / "sover"),
           "VBE_TESTMARKOR": markor, "TMPDIR": str(tmp)}
    p = subprocess.Popen(
        [*_vbe(), "rapport", "--namnd", "sodermalm", "--namnd", "farsta", "--ar", "2021", "--data", str(REPO / "data"),
         "--parametrar", str(REPO / "parameters"), "--utdata", str(ut), "--notebooks",
         str(_notebooks(tmp_path / "nb")), "--jobb", "2", "--byggdatum", "2026-11-22"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True,
        preexec_fn=som_forgrundsprocess)
    sodermalm = ut / "2021" / "sodermalm"

    def redo() -> bool:
        try:
            ny = json.loads((sodermalm / "manifest.json").read_text(encoding="utf-8"))["parametrar"]["byggdatum"]
        except (OSError, ValueError, KeyError):
            ny = None
        return ny == "2026-11-22" and (tmp_path / "sover-farsta").exists()

    try:
        assert _vanta_tills(lambda: redo() or p.poll() is not None), "bygget kom inte igång"
        assert p.poll() is None, p.communicate()[0]
        # at any moment: nothing internal among the publishable folders
        assert not list((ut / "2021").rglob("*.ipynb")) and not list((ut / "2021").rglob("*.log"))
        yield {"p": p, "ut": ut, "tmp": tmp, "gamla": gamla, "markor": markor}
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
        for pid in _processer_med(markor):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _nya_sodermalm_och_gamla_farsta(b) -> None:
    """Södermalm: all new files with their manifest; Farsta: all its old files, byte for byte."""
    ut = b["ut"] / "2021"
    assert _innehall(ut / "farsta") == b["gamla"]["farsta"]
    ny = _innehall(ut / "sodermalm")
    m = json.loads(ny.pop("manifest.json"))
    assert m["status"] == "klar" and m["parametrar"]["byggdatum"] == "2026-11-22"
    import hashlib

    assert {n: hashlib.sha256(v).hexdigest() for n, v in ny.items()} == m["filer"]
    assert set(ny) == {n.format(slug="sodermalm") for n in PUBLICERADE}


@pytest.mark.slow
@pytest.mark.parametrize("signum,kod,text", [
    (signal.SIGINT, 130, "Avbrutet med Ctrl-C"),
    (signal.SIGTERM, 143, "Avbrutet av signalen SIGTERM"),
    (signal.SIGHUP, 129, "Avbrutet av signalen SIGHUP"),
], ids=["ctrl-c", "sigterm", "sighup"])
def test_avbrott_mitt_i_bygget(bygge, signum, kod, text):
    """A signal to the build's process group (as Ctrl-C or a closed terminal sends it):
    no traceback, the message says what was published and what was not, no temporary
    folder or kernel file is left, no process of the build lingers."""
    p = bygge["p"]
    os.killpg(p.pid, signum)
    utskrift, _ = p.communicate(timeout=60)
    assert p.returncode == kod, utskrift
    assert "Traceback" not in utskrift and "Error" not in utskrift, utskrift
    rader = " ".join(utskrift.split())
    assert text in rader
    assert "Publicerade i denna körning (nya filer): Södermalms stadsdelsnämnd." in rader
    assert "Inte publicerade, de tidigare filerna är orörda: Farsta stadsdelsnämnd." in rader
    assert "Tidigare publicerade rapporter är orörda" not in utskrift
    _nya_sodermalm_och_gamla_farsta(bygge)
    ut = bygge["ut"]
    assert sorted(p.name for p in (ut / "2021").iterdir()) == ["farsta", "index.html", "manifest.json", "sodermalm"]
    assert sorted(p.name for p in (ut / "_internt").iterdir()) == ["2021"]
    assert sorted(p.name for p in (ut / "_internt" / "2021").iterdir()) == ["sodermalm"]
    korning = json.loads((ut / "2021" / "manifest.json").read_text(encoding="utf-8"))
    assert [n["namnd"] for n in korning["namnder"]] == ["sodermalm"]
    assert _vanta_tills(lambda: not _processer_med(bygge["markor"]), 15), "processer från bygget lever kvar"
    assert not [p.name for p in bygge["tmp"].iterdir() if p.name.startswith("vbe-")]


@pytest.mark.slow
def test_kill_9_lamnar_bara_det_som_nasta_korning_stadar(bygge):
    """kill -9 of the main process: its children go too; what it left (temporary folders,
    the run's lock, kernel folders) holds no executed notebook among the publishable
    folders and is removed by the next run; published folders are all old or all new."""
    p = bygge["p"]
    os.kill(p.pid, signal.SIGKILL)
    p.communicate(timeout=60)
    assert _vanta_tills(lambda: not _processer_med(bygge["markor"]), 15), "processer från bygget lever kvar"
    ut = bygge["ut"]
    rester = [x for x in ut.rglob(".*") if x.name.startswith((".tmp-", ".korning-"))]
    assert rester  # the interrupted run left its work …
    assert not list((ut / "2021").rglob("*.ipynb"))  # … but no executed notebook among the publishable folders
    _nya_sodermalm_och_gamla_farsta(bygge)
    borttaget = stadning.stada_avbrutna(ut) + stadning.stada_karnfiler(bygge["tmp"])
    assert {str(x) for x in rester} <= set(borttaget)
    assert not [x for x in ut.rglob(".*")]
    assert not [x.name for x in bygge["tmp"].iterdir() if x.name.startswith("vbe-")]
    _nya_sodermalm_och_gamla_farsta(bygge)


# ----------------------------------------------------------------------------- in process
def _render(namn: str) -> dict:
    return dict(titel="Handlingsplan mot våldsbejakande extremism 2021", undertitel="Bilaga: Lägesbild 2021",
                namnd_namn=namn, exempeldata=True)


@pytest.mark.slow
def test_mapp_som_inte_kan_ersattas(tmp_path, monkeypatch):
    """A published folder that cannot be replaced (on Windows: a file open in Excel) leaves
    every old file and the old manifest; the message names the file."""
    from vbe_lib.bygg import filfel, publicera
    from vbe_lib.bygg.batch import bygg
    from vbe_lib.bygg.jobb import Jobb

    ut = tmp_path / "ut"
    gamla = _gamla(ut, "sodermalm")
    oppen = ut / "2021" / "sodermalm" / "lagesbild-2021-sodermalm.docx"

    def neka(ny, mal, gammal):
        raise PermissionError(errno.EACCES, "Åtkomst nekad", str(mal))

    monkeypatch.setattr(publicera, "byt_ut_mapp", neka)
    monkeypatch.setattr(filfel, "oppna_filer", lambda mapp: [oppen])
    data = tmp_path / "data"
    data.mkdir()
    r, = bygg([Jobb("sodermalm", 2021, FIXTURER / "kort.ipynb", "lagesbild", _render("Södermalms stadsdelsnämnd"))],
              ut, data, data, antal_processer=1, tidsgrans=60, byggdatum=dt.date(2026, 11, 22))
    assert r.status == "fel"
    assert f"kunde inte ersätta {oppen} – öppen i ett annat program?" in r.felmeddelande
    assert "De tidigare publicerade filerna är orörda." in r.felmeddelande
    assert r.fel == [{"typ": "publicering", "cell": None, "undantag": "PermissionError"}]
    assert _innehall(ut / "2021" / "sodermalm") == gamla
    assert sorted(p.name for p in (ut / "2021").iterdir()) == ["index.html", "manifest.json", "sodermalm"]
    assert not [p for p in ut.rglob(".*")]


def test_oppna_filer_pa_windows(tmp_path, monkeypatch):
    """How a file held open by Excel is found: opening it for writing is refused."""
    import builtins

    from vbe_lib.bygg import filfel

    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "b.pdf").write_bytes(b"x")
    oppna = builtins.open

    def excel(fil, *a, **k):
        if str(fil).endswith(".xlsx") and a and a[0] == "r+b":
            raise PermissionError(13, "Permission denied", str(fil))
        return oppna(fil, *a, **k)

    monkeypatch.setattr(filfel.sys, "platform", "win32")
    monkeypatch.setattr(builtins, "open", excel)
    assert filfel.oppna_filer(tmp_path) == [tmp_path / "a.xlsx"]


def _cli(args: list[str], env: dict[str, str] | None = None):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    return CliRunner().invoke(app, args, env=env)


def test_saknad_notebook_ar_ett_fel(tmp_path):
    """A --notebooks folder without uppfoljning.ipynb (or handlingsplan.ipynb) is an error: nothing is built and the
    published follow-up stays (before: it was deleted without a word)."""
    ut = tmp_path / "ut"
    gamla = _gamla(ut, "sodermalm")
    nb = tmp_path / "nb"
    nb.mkdir()
    nbformat.write(nbformat.read(FIXTURER / "kort.ipynb", as_version=4), nb / "lagesbild.ipynb")
    res = _cli(["rapport", "--ar", "2021", "--namnd", "sodermalm", "--data", str(REPO / "data"),
                "--parametrar", str(REPO / "parameters"), "--utdata", str(ut), "--notebooks", str(nb)])
    assert res.exit_code == 2, res.output
    text = " ".join(res.output.split())
    assert f"notebooken {nb / 'uppfoljning.ipynb'} finns inte." in text
    assert f"notebooken {nb / 'handlingsplan.ipynb'} finns inte." in text
    assert "ska innehålla lagesbild.ipynb, uppfoljning.ipynb och handlingsplan.ipynb" in text and "Traceback" not in res.output
    assert _innehall(ut / "2021" / "sodermalm") == gamla
    res = _cli(["rapport", "--ar", "2021", "--alla", "--data", str(REPO / "data"), "--parametrar",
                str(REPO / "parameters"), "--utdata", str(ut), "--notebooks", str(nb)])
    assert res.exit_code == 2 and "sammanstallning.ipynb" in res.output


def test_skrivskyddad_utdatamapp(tmp_path, monkeypatch):
    """A read-only output folder is named as such before anything is built (not "Oväntat fel")."""
    ut = tmp_path / "ut"
    ut.mkdir()
    if os.geteuid() == 0:  # root may write anyway: the file system's answer, simulated
        import tempfile

        from vbe_lib.cli import gemensamt

        def skrivskyddad(*a, **k):
            raise OSError(errno.EROFS, "Read-only file system", k.get("dir"))

        monkeypatch.setattr(gemensamt.tempfile, "mkstemp", skrivskyddad)
        assert tempfile.mkstemp is skrivskyddad
    else:
        ut.chmod(0o555)
    try:
        res = _cli(["rapport", "--ar", "2021", "--namnd", "sodermalm", "--data", str(REPO / "data"),
                    "--parametrar", str(REPO / "parameters"), "--utdata", str(ut)])
    finally:
        ut.chmod(0o755)
    assert res.exit_code == 2, res.output
    text = " ".join(res.output.split())
    assert f"kan inte skriva i utdatamappen {ut / '2021'}" in text
    assert ("skrivskyddad disk" in text or "behörighet saknas" in text) and "--utdata" in text
    assert "Oväntat fel" not in text and "Traceback" not in res.output


def test_full_disk_och_minne_namns(tmp_path):
    from vbe_lib.bygg import filfel
    from vbe_lib.cli.gemensamt import kor_kommando

    def full():
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.pdf"))

    def minne():
        raise MemoryError

    fel = []
    import vbe_lib.cli.gemensamt as g

    g_fel = g.fel
    g.fel = fel.append
    try:
        assert kor_kommando(full, namn="t", utdata=tmp_path, vad="rapporterna kunde inte byggas") == 1
        assert kor_kommando(minne, namn="t", utdata=tmp_path, vad="rapporterna kunde inte byggas") == 1
    finally:
        g.fel = g_fel
    assert fel[0].startswith(f"fel: kan inte skriva till {tmp_path / 'x.pdf'}: disken är full")
    assert fel[1].startswith("Slut på minne – rapporterna kunde inte byggas.")
    # what a notebook cell reports (in the kernel) is translated too
    assert filfel.fran_undantagstext("OSError", f"[Errno 30] Read-only file system: '{tmp_path}'") == \
        f"kan inte skriva till {tmp_path}: mappen ligger på en skrivskyddad disk"
    assert filfel.fran_undantagstext("ValueError", "[Errno 30] x") is None


def test_avbrott_fore_bygget_och_sena_avbrott():
    """The message after an interrupt says what was published; a late Ctrl-C after every
    committee was published does not claim that the old files are untouched."""
    from vbe_lib.bygg.avbrott import Avbrott
    from vbe_lib.bygg.jobb import Resultat
    from vbe_lib.cli.gemensamt import avbrottsrader

    namn = {"a": "Nämnd A", "b": "Nämnd B"}
    assert avbrottsrader(Avbrott(signal.SIGINT), lambda r: namn[r.slug]) == [
        "Avbrutet med Ctrl-C.", "Inga rapporter publicerades; tidigare publicerade rapporter är orörda."]
    alla_nya = [Resultat("a", 2021, ["lagesbild"], "klar"), Resultat("b", 2021, ["lagesbild"], "klar")]
    rader = avbrottsrader(Avbrott(signal.SIGINT, alla_nya), lambda r: namn[r.slug])
    assert rader == ["Avbrutet med Ctrl-C.", "Publicerade i denna körning (nya filer): Nämnd A och Nämnd B."]
    halva = [Resultat("a", 2021, ["lagesbild"], "klar", ateranvand=True), Resultat("b", 2021, ["lagesbild"], "kör")]
    rader = avbrottsrader(Avbrott(signal.SIGTERM, halva), lambda r: namn[r.slug])
    assert rader[1:] == ["Inte publicerade, de tidigare filerna är orörda: Nämnd B.",
                         "Inga nya rapporter publicerades; tidigare publicerade rapporter är orörda."]


# ----------------------------------------------------------------------------- clean-up
def test_avbrutet_byte_laggs_tillbaka_och_rester_stadas(tmp_path):
    """A swap cut off between its two renames (platforms without an atomic exchange) is
    put back; leftovers of dead runs go; a running build's work stays; executed
    notebooks of older versions move out of outputs/<Y>/."""
    ut = tmp_path / "ut"
    ar = ut / "2021"
    (ar / ".gammal-sodermalm-0badc0de").mkdir(parents=True)
    (ar / ".gammal-sodermalm-0badc0de" / "lagesbild-2021-sodermalm.pdf").write_text("gammal", encoding="utf-8")
    (ar / ".tmp-sodermalm-0badc0de").mkdir()
    (ar / ".tmp-sodermalm-0badc0de" / "lagesbild-2021-sodermalm.pdf").write_text("halv", encoding="utf-8")
    (ar / ".manifest-0badc0de.json").write_text("{", encoding="utf-8")
    (ar / "_internt" / "farsta").mkdir(parents=True)
    (ar / "_internt" / "farsta" / "lagesbild.ipynb").write_text("{}", encoding="utf-8")
    (ar / ".tmp-farsta-1a2b3c4d").mkdir()  # an older version's temporary folder (no lock)
    with stadning.Korningslas(ut) as las:
        levande = ar / f".tmp-bromma-{las.id}"
        levande.mkdir()
        stadning.stada_avbrutna(ut)  # from another process's point of view: the lock is held
        assert levande.is_dir()
    assert (ar / "sodermalm" / "lagesbild-2021-sodermalm.pdf").read_text(encoding="utf-8") == "gammal"
    assert (ut / "_internt" / "2021" / "farsta" / "lagesbild.ipynb").is_file()
    stadning.stada_avbrutna(ut)  # the lock is released: its folder is stale now
    assert sorted(p.name for p in ar.iterdir()) == ["sodermalm"]
    assert sorted(p.name for p in (ut / "_internt").iterdir()) == ["2021"]


def test_karnfiler_fran_dod_process_stadas(tmp_path):
    dod = subprocess.Popen([sys.executable, "-c", "pass"])
    dod.wait()
    for namn in (f"vbe-k-{dod.pid}-abcdefgh", f"vbe-z-{dod.pid}-abcdefgh", f"vbe-k-{os.getpid()}-abcdefgh",
                 "vbe-k-gammalxx", "vbe-z-nyligenx", "annat-abcdefgh"):
        (tmp_path / namn).mkdir()
        (tmp_path / namn / "kernel.json").write_text("{}", encoding="utf-8")
    gammal = time.time() - 2 * stadning.GAMMAL_SEKUNDER
    os.utime(tmp_path / "vbe-k-gammalxx", (gammal, gammal))
    stadning.stada_karnfiler(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annat-abcdefgh", f"vbe-k-{os.getpid()}-abcdefgh",
                                                         "vbe-z-nyligenx"]


# ----------------------------------------------------------------------------- usage errors
@pytest.mark.parametrize("args,text", [
    (["rapport"], "fel: flaggan --ar saknas (den måste anges)."),
    (["rapport", "--ar", "abc"], "fel: ogiltigt värde för --ar: 'abc' är inte ett heltal."),
    (["rapport", "--ar", "2021", "--jobb", "0"], "fel: ogiltigt värde för --jobb: '0' är för litet – minsta tillåtna "
                                                 "värde är 1."),
    (["rapport", "--ar", "2021", "--namn", "x"], "fel: det finns ingen flagga --namn – menade du"),
    (["rapport", "--ar"], "fel: flaggan --ar behöver ett värde."),
    (["rapport", "--ar", "2021", "extra"], "fel: oväntade argument: extra"),
    (["finnsinte"], "fel: det finns inget kommando 'finnsinte'."),
])
def test_anvandarfel_pa_svenska(args, text):
    res = _cli(args)
    assert res.exit_code == 2, res.output
    utskrift = " ".join(res.output.split())
    assert text in utskrift, utskrift
    assert "för hjälp." in utskrift and ("Användning: vbe" in utskrift or args == ["rapport", "--ar"])
    for engelska in ("Usage:", "Error", "Missing option", "Invalid value", "No such", "Try '"):
        assert engelska not in res.output, engelska


def test_hjalpen_pa_svenska():
    res = _cli(["rapport", "--help"])
    assert res.exit_code == 0
    assert "Användning: vbe rapport [FLAGGOR]" in res.output and "Flaggor" in res.output
    text = " ".join(res.output.replace("│", " ").split())
    assert "Visa den här hjälpen" in text and "[standard: data]" in text
    assert "--rensa" in res.output
    assert "Show this message" not in res.output and "Usage:" not in res.output


def test_hjalptexten_bryts_efter_terminalens_bredd():
    """A docstring's paragraphs become one line each, so the help screen wraps them to
    the terminal (before: an 80-column terminal broke every long docstring line again,
    leaving lines such as "oförändrade" on their own); a \\b paragraph keeps its lines."""
    from vbe_lib.cli import _registrera, app
    from vbe_lib.cli.svenska import hjalptext

    assert hjalptext("""Första raden
        fortsätter.

        Andra stycket, rad ett
        och rad två.

        \b
        - a
        - b
        """) == "Första raden fortsätter.\n\nAndra stycket, rad ett och rad två.\n\n\b\n- a\n- b"
    _registrera()
    for info in app.registered_commands:
        assert info.help and all("\n" not in st for st in info.help.split("\n\n")), info.name
    res = _cli(["rapport", "--help"], env={"COLUMNS": "80"})
    rader = [r.strip(" │") for r in res.output.splitlines()]
    assert "--tving bygger om." in " ".join(" ".join(rader).split())
    assert "oförändrade" not in rader and max(map(len, res.output.splitlines())) <= 80


def test_sent_ctrl_c_efter_publiceringen(tmp_path, monkeypatch):
    """Ctrl-C after the batch, while the summary is printed: every committee built was
    published, and the message says so (before: "Tidigare publicerade rapporter är orörda")."""
    import vbe_lib.cli.rapport as rapport
    from vbe_lib.bygg.jobb import Resultat

    def bygg(allajobb, hoppade, *a, **k):
        return [Resultat("sodermalm", 2021, ["lagesbild"], "klar"), Resultat("farsta", 2021, ["lagesbild"], "klar")]

    def avbryt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(rapport, "_validera", lambda data, konf, planar: [])
    monkeypatch.setattr(rapport, "_bygg_med_framsteg", bygg)
    monkeypatch.setattr(rapport, "_sammanfattning", avbryt)
    res = _cli(["rapport", "--ar", "2021", "--namnd", "sodermalm", "--namnd", "farsta", "--data", str(REPO / "data"),
                "--parametrar", str(REPO / "parameters"), "--utdata", str(tmp_path / "ut"), "--jobb", "1",
                "--notebooks", str(_notebooks(tmp_path / "nb"))])
    assert res.exit_code == 130, res.output
    text = " ".join(res.output.split())
    assert "Avbrutet med Ctrl-C. Publicerade i denna körning (nya filer): Södermalms stadsdelsnämnd och Farsta " \
           "stadsdelsnämnd." in text
    assert "orörda" not in text and "Traceback" not in res.output
