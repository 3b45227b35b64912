"""Leak test (issue 6): personal data planted in the example data must not reach any
published file (HTML, PDF text, DOCX parts, XLSX cells, manifests), the report says
how many answers were withheld, and a small count of persons is shown as "färre än 3".

The reports are built with the real command (`vbe rapport`, one committee, one plan
year) in a subprocess, from a copy of the example data and the parameters.
"""
from __future__ import annotations

import csv
import html as htmlmod
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROT = Path(__file__).resolve().parents[1]
NAMND, PLANAR, DATAAR = "sodermalm", 2021, 2020
SKYDDAT_NAMN = "Kalle Ankander"
FRAGA = "Har du något annat du vill framföra?"
PLANTERADE_SVAR = [
    "Eleven med personnummer 19850412-1234 har uppmärksammats av personalen.",
    "Gäller 850412+1234 enligt anmälan till socialtjänsten.",
    "Ring mig på 070-123 45 67 om ni undrar något.",
    "Mejla anna.svensson@exempel.se för mer information.",
    f"Vi har pratat med {SKYDDAT_NAMN} om saken i våras.",
    # written so that a pattern over the raw text misses them (issue 21): a soft hyphen,
    # an HTML entity, a zero-width space
    "Eleven 19900101\u00ad-2389 har flyttat.",
    "Mejla karin.berg&#64;exempel.se om ni vill veta mer.",
    "Ring mig på 076\u200b-987 65 43 efter klockan 16.",
]
#: planted in an external partner's answer, the police text and the activity file
EXTERNT_SVAR = "Kontakta vår fältsekreterare på 073-555 12 34."
POLISSTYCKE = "Kontaktperson i lokalpolisområdet nås på lars.polis@exempel.se eller 08-555 123 45."
AKTIVITETSKOMMENTAR = "Samordnaren Kalle Ankander (770101-5678) följer upp."
#: what must never be published, as planted and in digits-only form
HEMLIGT = ["19850412-1234", "850412+1234", "070-123 45 67", "anna.svensson@exempel.se", "anna.svensson",
           SKYDDAT_NAMN, "Ankander", "073-555 12 34", "lars.polis@exempel.se", "08-555 123 45", "770101-5678",
           "karin.berg"]
SIFFROR = ["198504121234", "8504121234", "0701234567", "0735551234", "0855512345", "7701015678", "199001012389",
           "0769876543"]


def _plantera(data: Path, parametrar: Path) -> int:
    # free text: five answers of Södermalm's internal units
    fil = data / "enkat" / str(PLANAR) / "svar.csv"
    with fil.open(encoding="utf-8-sig", newline="") as f:
        rader = list(csv.DictReader(f))
        falt = list(rader[0].keys())
    kandidater = [r for r in rader if r["Nämnd"] == "Södermalm" and r["Grupp"] == "Intern" and not r[FRAGA].strip()]
    assert len(kandidater) >= len(PLANTERADE_SVAR)
    for rad, svar in zip(kandidater, PLANTERADE_SVAR):
        rad[FRAGA] = svar
    externa = [r for r in rader if r["Nämnd"] == "Södermalm" and r["Grupp"] != "Intern" and not r[FRAGA].strip()]
    externa[0][FRAGA] = EXTERNT_SVAR
    radnummer = {"svar": [2 + rader.index(r) for r in kandidater[: len(PLANTERADE_SVAR)] + externa[:1]]}
    with fil.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=falt, lineterminator="\n")
        w.writeheader()
        w.writerows(rader)
    # a small count of persons: 2 concern reports in the data year
    fil = data / "orosanmalningar.csv"
    with fil.open(encoding="utf-8-sig", newline="") as f:
        rader = list(csv.DictReader(f))
        falt = list(rader[0].keys())
    traff = [r for r in rader if r["Nämnd"] == "Södermalm" and r["År"] == str(DATAAR)
             and r["Typ"] == "Orosanmälan" and r["Miljö"] == "Vit makt-miljön"]
    assert len(traff) == 1
    traff[0]["Antal"] = "2"
    with fil.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=falt, lineterminator="\n")
        w.writeheader()
        w.writerows(rader)
    # a paragraph of the police text (line numbers as in the file)
    fil = data / "polis" / str(PLANAR) / f"{NAMND}.md"
    text = fil.read_text(encoding="utf-8").rstrip("\n")
    radnummer["polis"] = len(text.splitlines()) + 2
    fil.write_text(text + "\n\n" + POLISSTYCKE + "\n", encoding="utf-8")
    # a comment in the activity file of the plan that is followed up (an xlsx)
    import openpyxl

    fil = data / "aktiviteter" / str(PLANAR - 1) / f"{NAMND}.xlsx"
    bok = openpyxl.load_workbook(fil)
    blad = bok["Aktiviteter"]
    kolumn = [c.value for c in blad[1]].index("Kommentar") + 1
    blad.cell(row=3, column=kolumn, value=AKTIVITETSKOMMENTAR)
    bok.save(fil)
    radnummer["aktivitet"] = 3
    # the committee's protected names
    fil = parametrar / "namnder" / f"{NAMND}.yml"
    konf = yaml.safe_load(fil.read_text(encoding="utf-8"))
    konf["integritet"] = {"minsta_antal": 3, "skyddade_namn": [SKYDDAT_NAMN]}
    fil.write_text(yaml.safe_dump(konf, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(PLANTERADE_SVAR) + 1, radnummer


def _texter(fil: Path) -> str:
    """Everything a reader (or a program) can get out of a published file."""
    suffix = fil.suffix.lower()
    if suffix == ".pdf":
        text = subprocess.run(["pdftotext", str(fil), "-"], capture_output=True, text=True, check=True).stdout
        import pikepdf

        with pikepdf.open(fil) as pdf:
            meta = " ".join(str(v) for v in pdf.docinfo.values())
            meta += pdf.Root.Metadata.read_bytes().decode("utf-8", "replace") if "/Metadata" in pdf.Root else ""
        return text + "\n" + meta
    if suffix == ".docx":
        with zipfile.ZipFile(fil) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if suffix == ".xlsx":
        import openpyxl

        delar = []
        with zipfile.ZipFile(fil) as z:  # every XML part (shared strings, comments, properties)
            delar += [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))]
        bok = openpyxl.load_workbook(fil)
        for blad in bok.worksheets:
            delar.append(blad.title)
            for rad in blad.iter_rows(values_only=True):
                delar.extend(str(v) for v in rad if v is not None)
        return "\n".join(delar)
    text = fil.read_text(encoding="utf-8", errors="replace")
    return text + "\n" + htmlmod.unescape(text) if suffix in (".html", ".htm") else text


def _normalisera(text: str) -> str:
    return re.sub(r"[\s\-+–−.()/\u00a0\u202f\u00ad\u200b-\u200f\u2060\ufeff]", "", text)


@pytest.fixture(scope="module")
def bygge(tmp_path_factory):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) saknas")
    tmp = tmp_path_factory.mktemp("lacka")
    data, parametrar, utdata = tmp / "data", tmp / "parameters", tmp / "ut"
    shutil.copytree(ROT / "data", data)
    shutil.copytree(ROT / "parameters", parametrar)
    antal, radnummer = _plantera(data, parametrar)
    vbe = Path(sys.executable).with_name("vbe")
    kommando = [str(vbe)] if vbe.is_file() else [sys.executable, "-c", "from vbe_lib.cli import app; app()"]
    proc = subprocess.run(
        [*kommando, "rapport", "--namnd", NAMND, "--ar", str(PLANAR), "--data", str(data),
         "--parametrar", str(parametrar), "--utdata", str(utdata), "--byggdatum", "2026-11-22"],
        capture_output=True, text=True, cwd=tmp, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"utdata": utdata, "antal": antal, "logg": proc.stdout + proc.stderr, "radnummer": radnummer,
            "data": data, "parametrar": parametrar, "kommando": kommando}


@pytest.mark.slow
def test_inga_personuppgifter_i_publicerade_filer(bygge):
    ut: Path = bygge["utdata"]
    publicerat = sorted(p for p in (ut / str(PLANAR) / NAMND).iterdir() if p.is_file())
    publicerat.append(ut / str(PLANAR) / "manifest.json")
    typer = {p.suffix for p in publicerat}
    assert {".html", ".pdf", ".docx", ".xlsx", ".json"} <= typer, typer
    # the build log and the coordinator's logs may name file and row, never content
    loggar = [bygge["logg"]] + [p.read_text(encoding="utf-8", errors="replace")
                                for p in (ut / "_internt" / str(PLANAR) / NAMND).glob("*.log")]
    for namn, text in [(p.name, _texter(p)) for p in publicerat] + [(f"logg {i}", t) for i, t in enumerate(loggar)]:
        lagre = text.casefold()
        for hemligt in HEMLIGT:
            assert hemligt.casefold() not in lagre, f"{hemligt!r} finns i {namn}"
        siffror = _normalisera(text)
        for s in SIFFROR:
            assert s not in siffror, f"{s!r} (bara siffror) finns i {namn}"
    # the run manifest describes the run, not the data
    man = json.loads((ut / str(PLANAR) / "manifest.json").read_text(encoding="utf-8"))
    assert "Kalle" not in json.dumps(man, ensure_ascii=False)


@pytest.mark.slow
def test_rapporten_sager_hur_manga_svar_som_undanhallits(bygge):
    html = (bygge["utdata"] / str(PLANAR) / NAMND / f"lagesbild-{PLANAR}-{NAMND}.html").read_text(encoding="utf-8")
    text = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "[svar undanhållet]" in text
    antal = [int(n) for n in re.findall(r"(\d+) svar har undanhållits eftersom", text)]
    assert sum(antal) >= bygge["antal"], antal
    pdf = _texter(bygge["utdata"] / str(PLANAR) / NAMND / f"lagesbild-{PLANAR}-{NAMND}.pdf")
    assert "svar har undanhållits" in " ".join(pdf.split())
    docx = _texter(bygge["utdata"] / str(PLANAR) / NAMND / f"lagesbild-{PLANAR}-{NAMND}.docx")
    assert "svar har undanhållits" in docx


@pytest.mark.slow
def test_litet_antal_visas_som_farre_an(bygge):
    html = (bygge["utdata"] / str(PLANAR) / NAMND / f"lagesbild-{PLANAR}-{NAMND}.html").read_text(encoding="utf-8")
    # the concern-report table: the data year's row says "färre än 3", never 2
    tabell = next(t for t in re.findall(r"<table>.*?</table>", html, re.S) if "<caption>Orosanmälningar" in t)
    rad = next(r for r in re.findall(r"<tr>.*?</tr>", tabell, re.S) if f">{DATAAR}<" in r)
    celler = [htmlmod.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", rad)]
    assert celler[1] == "färre än 3", celler
    assert "2" not in celler[1:]
    text = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert re.search(r"färre än 3 orosanmälningar", text), "meningen om orosanmälningar döljer inte antalet"
    assert not re.search(r"\b2 orosanmälningar", text)


@pytest.mark.slow
def test_loggen_namnger_fil_och_rad(bygge):
    """The terminal output and the notebook logs list every withheld text by file,
    row and column, for the coordinator's review (the content never: see above)."""
    logg = " ".join(bygge["logg"].split())
    nr = bygge["radnummer"]
    for rad in nr["svar"]:
        assert f'enkat/{PLANAR}/svar.csv, rad {rad}, kolumn "{FRAGA}": fritextsvar undanhållet' in logg, rad
    assert f"polis/{PLANAR}/{NAMND}.md, rad {nr['polis']}: stycke undanhållet (telefonnummer, e-postadress)" in logg
    assert (f'aktiviteter/{PLANAR - 1}/{NAMND}.xlsx, rad {nr["aktivitet"]}, kolumn "Kommentar": text undanhållen '
            "(personnummer, namn)") in logg
    assert "Granska i källfilerna" in logg
    internt = bygge["utdata"] / "_internt" / str(PLANAR) / NAMND
    assert f"polis/{PLANAR}/{NAMND}.md, rad {nr['polis']}" in (internt / "lagesbild.log").read_text(encoding="utf-8")
    assert f"{NAMND}.xlsx, rad {nr['aktivitet']}" in (internt / "uppfoljning.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_polistext_och_aktiviteter_sager_vad_som_undanhallits(bygge):
    ut = bygge["utdata"] / str(PLANAR) / NAMND
    lage = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", (ut / f"lagesbild-{PLANAR}-{NAMND}.html")
                                            .read_text(encoding="utf-8"))).split())
    assert "[stycke undanhållet]" in lage
    assert "1 stycke har undanhållits eftersom det kunde innehålla personuppgifter." in lage
    uppf = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", (ut / f"uppfoljning-{PLANAR}-{NAMND}.html")
                                            .read_text(encoding="utf-8"))).split())
    assert "[text undanhållen]" in uppf
    assert "1 uppgift i aktivitetsfilerna har undanhållits" in uppf
    assert "[text undanhållen]" in _texter(ut / f"uppfoljning-{PLANAR}-{NAMND}.xlsx")


@pytest.mark.slow
def test_validera_varnar_for_personuppgifter_utan_att_visa_dem(bygge):
    """``vbe validera`` lists the answers and paragraphs that the reports will withhold
    (file, row, column, kind of hit) before anything is built; exit code 0 (warnings)."""
    proc = subprocess.run([*bygge["kommando"], "validera", "--ar", str(PLANAR), "--data", str(bygge["data"]),
                           "--parametrar", str(bygge["parametrar"])], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    ut = " ".join(proc.stdout.split())
    nr = bygge["radnummer"]
    for rad in nr["svar"]:
        assert f'enkat/{PLANAR}/svar.csv, rad {rad}, kolumn "{FRAGA}": svaret kan innehålla personuppgifter' in ut
    assert (f"polis/{PLANAR}/{NAMND}.md, rad {nr['polis']}: stycket kan innehålla personuppgifter "
            "(telefonnummer, e-postadress)") in ut
    lagre = ut.casefold()
    for hemligt in HEMLIGT:
        assert hemligt.casefold() not in lagre, hemligt
