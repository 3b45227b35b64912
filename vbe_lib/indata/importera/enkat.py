"""The survey tool's export → ``enkat/<Y>/svar.csv`` (and a proposed ``fragor.csv``).

The export has one row per respondent (a unit's manager), the question texts as
headers, and committee, area, group, department and unit as answers or columns. Every
question column is matched to the year's question catalogue (``enkat/<Y>/fragor.csv``):
by the mapping's ``fragor`` first, then exactly (Frågetext or Kolumn), then by a
normalised comparison (case, punctuation, dashes and spacing ignored). A column that
matches nothing is an error listing the closest catalogue entries – it is never dropped
silently; columns left out on purpose are listed under ``ignorera``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vbe_lib.indata.importera.gemensam import (Forhandsvisning, ImportFel, Mappning, csv_bytes,
                                               etikett_till_varde, folda_text, forslag)
from vbe_lib.indata.importera.tabell import _stubb, las_rutnat
from vbe_lib.indata.lasning import folda_rubrik, read_table, tolka_decimal, tolka_heltal, tolka_janej
from vbe_lib.indata.problem import Problem
from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.ordlistor import vokabular

#: The fixed columns of svar.csv: (folded name, header written, required)
FASTA = (("namnd", "Nämnd", True), ("omrade", "Område", False), ("grupp", "Grupp", True),
         ("avdelning", "Avdelning", False), ("enhet", "Enhet", True))

#: Columns of the survey tool itself (who answered when): left out and listed.
VERKTYGSKOLUMNER = ["Respondent-ID", "Respondent", "Respondentnummer", "ID", "Svars-ID", "Svarsid", "Start",
                    "Starttid", "Startdatum", "Slut", "Sluttid", "Slutdatum", "Skickad", "Inskickad",
                    "Tidsstämpel", "Status", "Språk", "E-post", "E-postadress", "IP-adress", "Svarstid",
                    "Senast ändrad", "Länk", "Token"]

STANDARD: dict[str, Any] = {
    "kolumner": {
        "namnd": ["Nämnd", "Vilken nämnd tillhör enheten?", "Vilken nämnd tillhör din verksamhet?",
                  "Nämnd/bolag", "Nämnd eller bolag", "Förvaltning"],
        "omrade": ["Område", "I vilket stadsdelsområde ligger enheten?", "Stadsdelsområde", "Område där enheten ligger"],
        "grupp": ["Grupp", "Respondentgrupp", "Enkät", "Målgrupp"],
        "avdelning": ["Avdelning", "Vilken avdelning tillhör enheten?", "Skolform", "Nätverk", "Verksamhetsområde"],
        "enhet": ["Enhet", "Enhetens namn", "Ange enhetens namn", "Vilken enhet svarar du för?", "Enhet/verksamhet"],
    },
    "varden": {
        "grupp": {"Intern enkät": "intern", "Chefer i stadens verksamheter": "intern",
                  "Extern enkät": "extern", "Samverkanspartners": "extern"},
        "skala": {"Vet inte": "", "Vet ej": "", "Ingen uppfattning": ""},
    },
    "ignorera": VERKTYGSKOLUMNER,
}

TYPER = ("skala", "janej", "andel", "antal", "fritext")


def kolumnnamn() -> dict[str, str]:
    return {namn: rubrik for namn, rubrik, _ in FASTA} | {t: t for t in TYPER}


@dataclass
class Fraga:
    fraga_id: str
    matt: str
    fragetext: str
    typ: str
    kolumn: str


def las_katalog(fil: Path, etikett: str) -> tuple[list[Fraga], list[Problem]]:
    """The year's catalogue, read leniently (``vbe validera`` checks it in full)."""
    from vbe_lib.indata.scheman import KALLOR, byt_namn

    df, problem = read_table(fil, visningsnamn=etikett)
    if len(df.columns) == 0:
        return [], problem
    df = byt_namn(df, KALLOR["fragor"])
    saknas = [c for c in ("fraga_id", "typ", "kolumn") if c not in df.columns]
    if saknas:
        return [], problem + [Problem(etikett, rad=1, forvantat="katalogen saknar kolumnerna "
                                      + ", ".join(saknas))]
    ut = []
    for _, r in df.iterrows():
        typ = vocab.FRAGETYPER.hitta(r["typ"]) or r["typ"]
        ut.append(Fraga(r["fraga_id"], r.get("matt", ""), r.get("fragetext", ""), typ, r["kolumn"]))
    return ut, problem


def _hitta_rubrikrad(rader: list[list[str]], m: Mappning) -> tuple[int, dict[str, int]]:
    kand = {namn: list(dict.fromkeys([folda_rubrik(x) for x in m.kolumner.get(namn, [])] + [folda_rubrik(rubrik)]))
            for namn, rubrik, _ in FASTA}
    if m.rubrikrad is not None:
        h = m.rubrikrad - 1
        return h, _stubb(rader[h], kand, set(m.konstanter)) if h < len(rader) else {}
    basta, h, stubb = 0, -1, {}
    for i, r in enumerate(rader[:30]):
        s = _stubb(r, kand, set(m.konstanter))
        if len(s) > basta:
            basta, h, stubb = len(s), i, s
    return h, stubb


def _matcha(rubrik: str, katalog: list[Fraga], m: Mappning) -> tuple[Fraga | None, str]:
    """The catalogue entry for an export header and how it was found."""
    ids = {f.fraga_id: f for f in katalog}
    for a, fid in m.fragor.items():
        if a.strip() == rubrik.strip() or folda_text(a) == folda_text(rubrik):
            return ids.get(fid), "mappningen"
    for f in katalog:
        if rubrik.strip() in (f.fragetext.strip(), f.kolumn.strip()):
            return f, "exakt"
    for f in katalog:
        if folda_text(rubrik) in (folda_text(f.fragetext), folda_text(f.kolumn)):
            return f, "normaliserad"
    return None, ""


_SKALA = re.compile(r"^\s*([1-5])(?:\s*$|\s*[-–—:.)]|\s+\D)")


def _svar(v: str, f: Fraga, m: Mappning, konf=None) -> tuple[str, str | None]:
    """An answer cell as written in svar.csv, or an error's expectation."""
    t = etikett_till_varde(v, m.varden.get(f.typ, {}))
    if t.strip() == "":
        return "", None
    if f.typ == "skala":
        mm = _SKALA.match(t)
        if mm:
            return mm.group(1), None
        try:
            x = tolka_decimal(t)
        except ValueError:
            x = None
        if x in (1.0, 2.0, 3.0, 4.0, 5.0):
            return str(int(x)), None
        return "", "ett heltal 1–5 (eller en etikett som börjar med talet, t.ex. \"1 - Ingen kunskap\")"
    if f.typ == "janej":
        try:
            return {"ja": "Ja", "nej": "Nej", "vet_ej": "Vet ej"}[tolka_janej(t, vokabular(konf, vocab.JANEJ))], None
        except (ValueError, KeyError):
            return "", "Ja, Nej eller Vet ej"
    if f.typ == "andel":
        try:
            x = tolka_decimal(t, procent=True)
        except ValueError:
            x = -1.0
        if x is None or not 0 <= x <= 100:
            return "", "en andel 0–100 (procenttecken får stå med)"
        return f"{x:g}", None
    if f.typ == "antal":
        try:
            x = tolka_heltal(t)
        except ValueError:
            x = -1
        if x is None or x < 0:
            return "", "ett heltal ≥ 0"
        return str(x), None
    return v, None


def importera_svar(fil: Path, ar: int, konf, data_dir: Path, m: Mappning, fv: Forhandsvisning
                   ) -> tuple[list[str], list[list[object]]] | None:
    """Read the export and give svar.csv's header and rows (None on errors)."""
    katfil = Path(data_dir) / "enkat" / str(ar) / "fragor.csv"
    katrel = f"enkat/{ar}/fragor.csv"
    if not katfil.is_file():
        fv.problem.append(Problem(katrel, forvantat=(
            "frågekatalogen saknas – svaren kan inte matchas mot frågorna; föreslå en katalog ur exporten med "
            f"vbe importera enkat {fil.name} --ar {ar} --ny-katalog")))
        return None
    katalog, p = las_katalog(katfil, katrel)
    fv.problem += p
    if not katalog:
        return None
    rader, p, etikett = las_rutnat(fil, m.blad, fil.name)
    fv.blad = m.blad or (etikett.split('blad "')[1].rstrip('"') if 'blad "' in etikett else None)
    fv.problem += p
    if not rader:
        return None
    h, stubb = _hitta_rubrikrad(rader, m)
    if h < 0:
        fv.problem.append(Problem(etikett, forvantat="hittade ingen rubrikrad med kolumnerna Nämnd, Grupp och Enhet "
                                  "(eller exportens frågor om dem) – ange dem under 'kolumner' i mappningen"))
        return None
    fv.rubrikrad = h + 1
    rubriker = rader[h]
    for namn, rubrik, kravs in FASTA:
        if kravs and namn not in stubb and namn not in m.konstanter:
            fv.problem.append(Problem(etikett, rad=h + 1, kolumn=rubrik, forvantat=(
                f"kolumnen för {rubrik} saknas – ange exportens rubrik under 'kolumner: {namn}:' i mappningen "
                f"(eller ett fast värde under 'konstanter: {namn}:')")))
    fv.kolumner = {rubriker[j]: dict((n, r) for n, r, _ in FASTA)[namn] for namn, j in stubb.items()}
    ignorera = {folda_rubrik(x) for x in m.ignorera}
    fragekol: dict[int, Fraga] = {}
    anvanda: dict[str, str] = {}
    satt = {"exakt": 0, "normaliserad": 0, "mappningen": 0}
    for j, r in enumerate(rubriker):
        if j in stubb.values() or not r:
            continue
        if folda_rubrik(r) in ignorera:
            fv.ignorerade.append(r)
            continue
        f, hur = _matcha(r, katalog, m)
        if f is None:
            narmast = forslag(r, [x.fragetext or x.kolumn for x in katalog], antal=2, cutoff=0.4)
            vilka = [next(x for x in katalog if (x.fragetext or x.kolumn) == n) for n in narmast]
            tips = (" – menade du " + " eller ".join(f"\"{x.fragetext or x.kolumn}\" (Fråga-id {x.fraga_id})"
                                                     for x in vilka) + "?") if vilka else ""
            fv.problem.append(Problem(etikett, rad=h + 1, kolumn=r, meddelande=(
                f"frågan finns inte i frågekatalogen {katrel}{tips} Rätta katalogens Frågetext, ange Fråga-id under "
                f"'fragor:' i mappningen, eller lägg rubriken under 'ignorera:' om kolumnen inte ska användas")))
            continue
        if f.fraga_id in anvanda:
            fv.problem.append(Problem(etikett, rad=h + 1, kolumn=r, meddelande=(
                f"kolumnen matchar samma fråga ({f.fraga_id}) som kolumnen \"{anvanda[f.fraga_id]}\" – "
                "varje fråga får bara finnas en gång")))
            continue
        anvanda[f.fraga_id] = r
        satt[hur] += 1
        fragekol[j] = f
    for f in katalog:
        if f.fraga_id not in anvanda and not any(p.kolumn and f.fraga_id in (p.meddelande or "") for p in fv.problem):
            fv.problem.append(Problem(katrel, kolumn=f.kolumn, meddelande=(
                f"frågan {f.fraga_id} (\"{f.fragetext or f.kolumn}\") finns inte i exporten {fil.name} – "
                "förväntade en kolumn med frågetexten")))
    fv.noteringar.append(f"frågor: {len(fragekol)} av {len(katalog)} i katalogen funna ("
                         f"{satt['exakt']} exakt, {satt['normaliserad']} efter normalisering, "
                         f"{satt['mappningen']} genom mappningen)")
    if any(x.ar_fel for x in fv.problem):
        return None
    # ------------------------------------------------------------ rows
    ordning = sorted(fragekol.items(), key=lambda x: katalog.index(x[1]))
    ut_rubriker = [r for _, r, _ in FASTA] + [f.kolumn for _, f in ordning]
    ut: list[list[object]] = []
    sett: dict[tuple, int] = {}
    for i in range(h + 1, len(rader)):
        r = rader[i]
        nr = i + 1
        if not any(r):
            fv.hoppa("tom rad", nr)
            continue
        cell = {namn: (r[j] if j < len(r) else "") for namn, j in stubb.items()}
        for namn, v in m.konstanter.items():
            cell.setdefault(namn, v)
        rad: list[object] = []
        fel = False
        for namn, rubrik, kravs in FASTA:
            v = cell.get(namn, "")
            kol = next((rubriker[j] for n, j in stubb.items() if n == namn), rubrik)
            v2 = etikett_till_varde(v, m.varden.get(namn, {})) if v else v
            if v2 != v:
                fv.varden.setdefault(rubrik, {})[v] = v2
            if namn in ("namnd", "omrade"):
                if v2 == "":
                    if kravs:
                        fv.problem.append(Problem(etikett, rad=nr, kolumn=kol, varde="", forvantat="en nämnd"))
                        fel = True
                    rad.append("")
                    continue
                slug = konf.hitta(v2)
                if slug is None:
                    fv.problem.append(Problem(etikett, rad=nr, kolumn=kol, meddelande=konf.okant_namn_meddelande(v2)))
                    fel = True
                    rad.append("")
                    continue
                fv.namn[v2] = konf.namnder[slug].kortnamn
                rad.append(konf.namnder[slug].kortnamn)
            elif namn == "grupp":
                g = vokabular(konf, vocab.ENKATGRUPPER).hitta(v2)
                if g not in ("intern", "extern"):
                    fv.problem.append(Problem(etikett, rad=nr, kolumn=kol, varde=v, forvantat=(
                        "intern eller extern (ange exportens etiketter under 'varden: grupp:' i mappningen)")))
                    fel = True
                rad.append(g or "")
            else:
                if kravs and v2 == "":
                    fv.problem.append(Problem(etikett, rad=nr, kolumn=kol, varde="", forvantat="ett värde"))
                    fel = True
                rad.append(v2)
        for j, f in ordning:
            v = r[j] if j < len(r) else ""
            s, forv = _svar(v, f, m, konf)
            if forv is not None:
                fv.problem.append(Problem(etikett, rad=nr, kolumn=rubriker[j], varde=v, forvantat=forv))
                fel = True
            elif s != v and v != "":
                fv.varden.setdefault(f.typ, {})[v] = s if s else "(tom: ej besvarad)"
            rad.append(s)
        if fel:
            continue
        key = (rad[0], rad[2], str(rad[4]).casefold())
        if key in sett:
            fv.problem.append(Problem(etikett, rad=nr, meddelande=(
                f"svar från samma enhet ({rad[0]}, {rad[2]}, {rad[4]}) finns redan på rad {sett[key]} – "
                "förväntade ett svar per enhet")))
            continue
        sett[key] = nr
        fv.rader_lasta += 1
        ut.append(rad)
    fv.rader_ut = len(ut)
    return ut_rubriker, ut


# ============================================================ a proposed catalogue
def _gissa_typ(varden: list[str]) -> str:
    v = [x for x in varden if x.strip()]
    if not v:
        return "fritext"
    if all(_SKALA.match(x) for x in v):
        return "skala"
    if all(vocab.JANEJ.hitta(x) is not None for x in v):
        return "janej"

    def tal(x: str, procent: bool) -> float | None:
        try:
            return tolka_decimal(x, procent=procent)
        except ValueError:
            return None
    if any("%" in x for x in v) and all(tal(x, True) is not None and 0 <= tal(x, True) <= 100 for x in v):
        return "andel"
    if all(tal(x, False) is not None and float(tal(x, False)).is_integer() and tal(x, False) >= 0 for x in v):
        return "antal"
    return "fritext"


def foresla_katalog(fil: Path, ar: int, data_dir: Path, m: Mappning, fv: Forhandsvisning
                    ) -> tuple[list[str], list[list[object]]] | None:
    """A catalogue for the export's questions: ids, measures and types reused from the
    latest earlier year with the same question text, else a new id and a guessed type
    (and measure 'fritext:<id>' for free text; others 'annat' for the coordinator)."""
    rader, p, etikett = las_rutnat(fil, m.blad, fil.name)
    fv.problem += p
    if not rader:
        return None
    h, stubb = _hitta_rubrikrad(rader, m)
    if h < 0:
        fv.problem.append(Problem(etikett, forvantat="hittade ingen rubrikrad med kolumnerna Nämnd, Grupp och Enhet"))
        return None
    fv.rubrikrad = h + 1
    tidigare: list[tuple[int, Fraga]] = []
    for kat in sorted((Path(data_dir) / "enkat").glob("[0-9][0-9][0-9][0-9]"), reverse=True):
        if int(kat.name) < ar and (kat / "fragor.csv").is_file():
            fr, _ = las_katalog(kat / "fragor.csv", f"enkat/{kat.name}/fragor.csv")
            tidigare += [(int(kat.name), f) for f in fr]
    ignorera = {folda_rubrik(x) for x in m.ignorera}
    ut: list[list[object]] = []
    ids: set[str] = set()
    ateranvanda = 0
    for j, r in enumerate(rader[h]):
        if j in stubb.values() or not r:
            continue
        if folda_rubrik(r) in ignorera:
            fv.ignorerade.append(r)
            continue
        f_tidigare = next((f for _, f in tidigare if folda_text(r) in (folda_text(f.fragetext), folda_text(f.kolumn))),
                          None)
        if f_tidigare is not None and f_tidigare.fraga_id not in ids:
            fid, matt, typ = f_tidigare.fraga_id, f_tidigare.matt, f_tidigare.typ
            ateranvanda += 1
        else:
            bas = folda_rubrik(" ".join(re.findall(r"\w+", r)[:6]))[:40].strip("_") or f"fraga_{j + 1}"
            fid, n = bas, 2
            while fid in ids:
                fid, n = f"{bas}_{n}", n + 1
            typ = _gissa_typ([x[j] for x in rader[h + 1:] if j < len(x)])
            matt = f"fritext:{fid}" if typ == "fritext" else ""
        ids.add(fid)
        ut.append([fid, matt, r, typ, r])
    fv.rader_lasta = len(ut)
    fv.rader_ut = len(ut)
    fv.noteringar.append(f"frågor: {len(ut)}, varav {ateranvanda} med Fråga-id och Mått från ett tidigare år; "
                         "komplettera kolumnen Mått för de övriga (tom = annat, visas inte i rapporten)")
    return ["Fråga-id", "Mått", "Frågetext", "Typ", "Kolumn"], ut


def svar_bytes(rubriker: list[str], rader: list[list[object]]) -> bytes:
    return csv_bytes(rubriker, rader)


__all__ = ["STANDARD", "importera_svar", "foresla_katalog", "kolumnnamn", "ImportFel"]
