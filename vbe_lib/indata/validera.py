"""``validera(data_dir, konf, planar)``: every problem in the input data, errors first."""
from __future__ import annotations

from pathlib import Path

from vbe_lib.indata.problem import Problem, sortera


def validera(data_dir: str | Path, konf, planar: int | None = None, cache: bool = False, ds=None,
             personuppgifter: bool = False, namnder: set[str] | None = None) -> list[Problem]:
    """Validate the whole data folder; with ``planar`` also what plan year ``planar``
    requires (the survey of that year; the activity files of plans ``planar`` and
    ``planar − 1``, which its follow-up reports: an empty or unreadable one is an error).
    Never raises on bad data.

    ``ds``: an already loaded :class:`vbe_lib.indata.dataset.Dataset` of ``data_dir`` (saves a reload).
    ``personuppgifter``: also warn about free text that will be withheld from the
    reports because it could hold personal data (:func:`personuppgifter`).
    ``namnder``: check the figures cited by only these committees' own texts (the rest
    of the texts' checks and every other check cover the whole folder).
    """
    from vbe_lib.indata.dataset import hitta_kallfil, las_data

    data_dir = Path(data_dir)
    if ds is None:
        ds = las_data(data_dir, konf, cache=cache)
    problem = list(ds.problem)
    # Activity files (follow-up) have their own reader and rules.
    from vbe_lib.indata.aktiviteter import validera as validera_aktiviteter

    sett = {str(p) for p in problem}
    # plan year Y's follow-up reports plan Y−1's activities: both years' files are needed
    for ar in ([planar - 1, planar] if planar is not None else [None]):
        for p in _aktiviteter_cachade(data_dir, konf, ar, validera_aktiviteter):
            if p.kalla is None:
                p.kalla = "aktiviteter"
            p.fil = _relativ(p.fil, data_dir)
            if str(p) not in sett:
                sett.add(str(p))
                problem.append(p)
    if planar is not None and data_dir.is_dir():
        if not konf.planar_giltigt(planar):
            problem.append(Problem("--ar", varde=str(planar),
                                   forvantat=f"ett planår mellan {konf.kommun.forsta_planar} och "
                                   f"{konf.kommun.sista_planar} (kommun.yml)"))
        kat = data_dir / "enkat" / str(planar)
        for bas in ("fragor", "svar"):
            fil, _ = hitta_kallfil(kat, bas)
            if fil is None:
                etikett = f"enkat/{planar}/{bas}.csv"
                # replace a warning about the same file by an error
                problem = [p for p in problem if p.fil != etikett]
                problem.append(Problem(etikett, kalla="enkat",
                                       forvantat=f"filen saknas men krävs för planår {planar} "
                                       f"(enkäten besvaras under planåret); den kan också heta {bas}.xlsx"))
    problem += granska_texter(ds, konf, data_dir, planar)
    if personuppgifter:
        problem += granska_personuppgifter(ds, konf, data_dir, planar)
    problem += _texter(data_dir, konf, planar, ds, namnder)
    problem += _planbilagor(konf, data_dir, planar)
    problem += granska_handelselistor(ds, konf)
    tolkningar = [p for p in problem if getattr(p, "allvarlighet", "") == "tolkning"]
    problem = [p for p in problem if getattr(p, "allvarlighet", "") != "tolkning"]
    tolkningar += list(getattr(ds, "tolkningar", []))
    return sortera(problem) + sorted(tolkningar, key=lambda t: (t.fil, t.kolumn))


def granska_handelselistor(ds, konf) -> list[Problem]:
    """A warning per committee that has an event list (blanketter, ia, klotter) among
    its sources but not a single row in it in any year it existed: its figures are
    *uppgift saknas*, not zero (``inga_handelser`` in datakalla.yml says otherwise)."""
    from vbe_lib.indata.datakalla import HANDELSELISTOR

    ut: list[Problem] = []
    vad = {"blanketter": "blanketter för avidentifierad information", "ia": "IA-anmälningar", "klotter": "klotter"}
    for kalla in HANDELSELISTOR:
        df = getattr(ds, kalla, None)
        if df is None or not len(df):
            continue
        fil = next((f for f in getattr(ds, "filer", {}) if f.split(".")[0] == kalla), f"{kalla}.csv")
        ar = sorted(set(int(a) for a in df["ar"]))
        med = set(df["namnd"].astype(str)) | set(getattr(ds, "inga_handelser", {}).get(kalla, set()))
        for slug, n in konf.namnder.items():
            if kalla not in n.kallor or slug in med or not any(n.finns_under_ar(a) for a in ar):
                continue
            ut.append(Problem(fil, allvarlighet="varning", namnd=slug, meddelande=(
                f"inga rader för {n.kortnamn} något år ({ar[0]}–{ar[-1]}) – nämndens uppgifter om "
                f"{vad[kalla]} redovisas som uppgift saknas, inte som noll. Hade nämnden inga händelser, skriv den under "
                f"inga_handelser: {kalla}: i datakalla.yml")))
    return ut


def _relativ(fil: str, data_dir: Path) -> str:
    """A file under the data folder named as the other sources are: relative to it."""
    try:
        return Path(fil).resolve().relative_to(data_dir.resolve()).as_posix()
    except (ValueError, OSError):
        return fil


def _polisfiler(konf, data_dir: Path, planar: int | None) -> list[tuple[int, Path]]:
    """(plan year, file) of every police text of a known committee, of ``planar`` only
    when given."""
    import re

    polis = Path(data_dir) / "polis"
    if not polis.is_dir():
        return []
    ar = [planar] if planar is not None else sorted(int(p.name) for p in polis.iterdir()
                                                    if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
    return [(a, fil) for a in ar for fil in sorted((polis / str(a)).glob("*.md"))
            if fil.is_file() and fil.stem in konf.namnder]


def granska_texter(ds, konf, data_dir: Path, planar: int | None = None) -> list[Problem]:
    """Errors for the Markdown texts that reports publish as written (the police's texts,
    ``polis/<Y>/<slug>.md``): HTML that the sanitizer would remove (scripts, styles, event
    handlers, forms, frames, images, links that are not web pages), and a text longer
    than :data:`vbe_lib.integritet.sanering.MAX_TECKEN` characters; each with file and
    line (:func:`vbe_lib.integritet.sanering.granska_markdown`). With ``planar``, only that
    year's texts (the ones its reports show)."""
    from vbe_lib.integritet import sanering

    ut: list[Problem] = []
    for a, fil in _polisfiler(konf, data_dir, planar):
        text = ds.polistext(fil.stem, a)
        if not text:
            continue
        for anm in sanering.granska_markdown(text):
            ut.append(Problem(f"polis/{a}/{fil.name}", rad=anm.rad, namnd=fil.stem, meddelande=anm.mening()))
    # the committees' own texts (texter/<Y>/<slug>.md, _kommun.md) reach the reports the same way
    for a, fil in _textfiler(data_dir, planar):
        try:
            text = fil.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable: an error of the text check (_texter)
        namnd = fil.stem if fil.stem in konf.namnder else None
        for anm in sanering.granska_markdown(text):
            ut.append(Problem(f"texter/{a}/{fil.name}", rad=anm.rad, namnd=namnd, meddelande=anm.mening()))
    return ut


def _textfiler(data_dir: Path, planar: int | None) -> list[tuple[int, Path]]:
    """(plan year, file) of every committee text (``texter/<Y>/*.md``), of ``planar`` only when given."""
    import re

    rot = Path(data_dir) / "texter"
    if not rot.is_dir():
        return []
    ar = [planar] if planar is not None else sorted(int(p.name) for p in rot.iterdir()
                                                    if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
    return [(a, f) for a in ar for f in sorted([*(rot / str(a)).glob("*.md"), *(rot / str(a) / "bilagor").glob("*.md")])
            if f.is_file()]


def _planbilagor(konf, data_dir: Path, planar: int | None) -> list[Problem]:
    """Warnings for the action plan's text appendices (``handlingsplan: bilagor:`` in
    kommun.yml) that are missing for a plan year that has texts."""
    rot = Path(data_dir) / "texter"
    ar = [planar] if planar is not None else list(range(konf.kommun.forsta_planar, konf.kommun.sista_planar + 1))
    ut = []
    for a in ar:
        for b in konf.kommun.handlingsplan.bilagor:
            fil = rot / str(a) / "bilagor" / b.fil
            if not fil.is_file():
                ut.append(Problem(f"texter/{a}/bilagor/{b.fil}", allvarlighet="varning",
                                  forvantat=f"bilagan \"{b.rubrik}\" till handlingsplanen {a} (kommun.yml, "
                                            "handlingsplan: bilagor) – filen saknas, så planen säger att bilagan saknas"))
    return ut


def _texter(data_dir: Path, konf, planar: int | None, ds, namnder: set[str] | None = None) -> list[Problem]:
    """The committees' own texts (``texter/``): file names, headings and front matter
    (:mod:`vbe_lib.indata.texter`) and the figures they cite, which only the report's figure
    catalogue knows (:func:`vbe_lib.rapporter.textkontroll.kontrollera_texter`)."""
    if not (Path(data_dir) / "texter").is_dir():
        return []
    from vbe_lib.rapporter.textkontroll import kontrollera_texter

    return kontrollera_texter(data_dir, konf, planar, ds, namnder)


def granska_personuppgifter(ds, konf, data_dir: Path, planar: int | None = None) -> list[Problem]:
    """Warnings (file, row, column, kind of hit; never the content) for the survey's
    free-text answers and the police's texts that the reports will withhold (the
    screening of :mod:`vbe_lib.integritet.granskning`, with each committee's protected names).
    With ``planar``, only that year's survey and police texts."""
    import pandas as pd

    from vbe_lib.integritet import granskning

    ut: list[Problem] = []
    s = ds.enkat_svar
    s = s[s["matt"].astype("string").str.startswith("fritext", na=False)]
    if planar is not None:
        s = s[s["ar"] == planar]
    kolumner = {(int(a), str(f)): str(k) for a, f, k in zip(ds.enkat_fragor["ar"], ds.enkat_fragor["fraga_id"],
                                                            ds.enkat_fragor["kolumn"])}
    for slug, grupp in s.groupby("namnd", sort=True):
        namn = konf.integritet(slug).skyddade_namn if slug in konf.namnder else []
        g = granskning.granska_fritext(grupp["text"].reset_index(drop=True), namn)
        for pos, (_, skal) in zip(g.positioner, g.traffar):
            r = grupp.iloc[pos]
            rad = None if pd.isna(r["rad"]) else int(r["rad"])
            ut.append(Problem(str(r["fil"]), rad=rad, kolumn=kolumner.get((int(r["ar"]), str(r["fraga_id"]))),
                              allvarlighet="varning", namnd=slug,
                              forvantat=f"svaret kan innehålla personuppgifter ({skal}) och visas inte i rapporten"))
    for a, fil in _polisfiler(konf, data_dir, planar):
        text = ds.polistext(fil.stem, a)
        if not text:
            continue
        if len(text) > granskning.MAX_TECKEN:
            continue  # an error of its own (granska_texter); not screened
        delar = granskning.stycken(text)
        g = granskning.granska_fritext([s for _, s in delar], konf.integritet(fil.stem).skyddade_namn)
        for pos, (_, skal) in zip(g.positioner, g.traffar):
            ut.append(Problem(f"polis/{a}/{fil.name}", rad=delar[pos][0], allvarlighet="varning", namnd=fil.stem,
                              forvantat=f"stycket kan innehålla personuppgifter ({skal}) och visas inte i "
                                        "rapporten"))
    return ut


def sammanfattning(problem: list[Problem], antal_filer: int) -> str:
    """'3 fel och 2 varningar i 11 filer.' (and how many values were read through the
    municipality's vocabularies, when any were)."""
    fel = sum(1 for p in problem if p.ar_fel)
    tolkn = sum(1 for p in problem if getattr(p, "allvarlighet", "") == "tolkning")
    varn = len(problem) - fel - tolkn
    f = f"{fel} fel"
    v = f"{varn} {'varning' if varn == 1 else 'varningar'}"
    filer = f"{antal_filer} {'fil' if antal_filer == 1 else 'filer'}"
    t = (f" {tolkn} {'värde' if tolkn == 1 else 'värden'} utanför datakontraktet lästes genom kommunens "
         "ordlistor (tolkning: ovan)." if tolkn else "")
    return f"{f} och {v} i {filer}.{t}"


def _aktiviteter_cachade(data_dir: Path, konf, planar: int | None, validera_aktiviteter) -> list[Problem]:
    """The activity files' problems, reused from the data cache while the files, the
    parameters and the reading code are unchanged (reading every spreadsheet with
    openpyxl is the slow part of a validation)."""
    import hashlib

    from vbe_lib.indata import aktiviteter
    from vbe_lib.indata.dataset import cachad_berakning
    from vbe_lib.indata.problem import fran_json, till_json

    rot = data_dir / "aktiviteter"
    delar = [str(data_dir.resolve()), str(planar), konf.kommun.model_dump_json()]
    delar += [konf.namnder[s].model_dump_json() for s in sorted(konf.namnder)]
    if getattr(konf, "ordlistor", None) is not None:
        delar.append(konf.ordlistor.fingeravtryck())
    if rot.is_dir():
        for p in sorted(rot.rglob("*")):
            if p.is_file():
                delar.append(f"{p.relative_to(rot).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}")
            else:
                delar.append(p.relative_to(rot).as_posix() + "/")
    from vbe_lib.parametrar import ordlistor, vocab

    kod = [Path(aktiviteter.__file__), Path(vocab.__file__), Path(ordlistor.__file__)]
    return cachad_berakning(data_dir, f"aktivitetskontroll-{planar}", delar, kod,
                            lambda: list(validera_aktiviteter(data_dir, konf, planar)),
                            koda=till_json, avkoda=fran_json)
