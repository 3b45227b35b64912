"""Exports that are tables (Excel or CSV): statistics tables, registers and lists.

The export may have title rows above the table, footnotes below it, merged header
cells, dimension cells that are not repeated (PxWeb), and years or categories across
instead of one row per value ("bred" form). :func:`las_tabell` finds the table and turns
it into :class:`Post` records (one per value, with the export row and column it came
from); :func:`till_kontrakt` maps records onto the contract's columns (names through the
committees' aliases, labels through the mapping and the vocabularies, symbols) and
gives the contract file's rows. The PC-Axis and JSON-stat readers (:mod:`.pxweb`) give
records too and share the second half.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbe_lib.indata.importera.gemensam import (Forhandsvisning, ImportFel, Mappning, folda_text, forslag,
                                               etikett_till_varde, tolka_antal, tolka_datumcell)
from vbe_lib.indata.lasning import folda_rubrik, read_rows, tolka_heltal, tolka_janej
from vbe_lib.indata.problem import Problem
from vbe_lib.indata.scheman import KALLOR, Kolumn
from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.ordlistor import vokabular
from vbe_lib.parametrar.vocab import Vokabular

#: Sums that statistics tables carry as rows; dropped unless the name is a committee's.
SUMMARADER = ["Totalt", "Total", "Samtliga", "Summa", "Hela staden", "Stockholms stad", "Stockholm totalt",
              "Samtliga områden", "Samtliga stadsdelsområden", "Riket", "Hela riket", "Stockholms län",
              "Stockholms kommun", "Alla"]


@dataclass(frozen=True)
class Tabellkalla:
    """A contract file written from a table export."""

    namn: str  # the command's name for the source (vbe importera NAMN)
    kalla: str  # key in scheman.KALLOR
    mal: str  # path in the data folder; {ar} = the plan year
    vardekolumn: str | None  # the count column: values may stand across ("bred")
    standard: dict[str, Any]
    beskrivning: str = ""

    @property
    def kolumner(self) -> tuple[Kolumn, ...]:
        return KALLOR[self.kalla].kolumner

    def kolumnnamn(self) -> dict[str, str]:
        return {k.namn: k.rubrik for k in self.kolumner}

    def malfil(self, ar: int | None) -> str:
        if "{ar}" in self.mal and ar is None:
            raise ImportFel([f"ange planåret med --ar: {self.namn} skrivs till {self.mal.format(ar='<år>')}."])
        return self.mal.format(ar=ar)


def _std(kolumner: dict[str, list[str]], **kw: Any) -> dict[str, Any]:
    return {"kolumner": kolumner, "hoppa_over": list(SUMMARADER), **kw}


#: The survey tool's names for the two groups.
GRUPPETIKETTER = {"Intern enkät": "intern", "Chefer i stadens verksamheter": "intern",
                  "Extern enkät": "extern", "Samverkanspartners": "extern"}


_OMRADE = ["Område", "Region", "Stadsdelsområde", "Stadsdel", "Stadsdelsnämnd", "Nämnd", "Geografi"]
_NAMND = ["Nämnd", "Nämnd/förvaltning", "Förvaltning", "Organisation", "Verksamhet", "Stadsdelsområde"]
_AR = ["År", "Årtal", "Tid", "Period", "Kalenderår"]
_ANTAL = ["Antal", "Värde", "Value"]

TABELLKALLOR: dict[str, Tabellkalla] = {t.namn: t for t in (
    Tabellkalla("brott", "brott", "brott.csv", "antal", _std({
        "namnd": _OMRADE, "ar": _AR, "kategori": ["Brottskategori", "Brott", "Brottstyp", "Brottskod"],
        "antal": ["Antal anmälda brott", "Anmälda brott", *_ANTAL]}), "anmälda brott (Brå)"),
    Tabellkalla("sammankomster", "sammankomster", "sammankomster.csv", "antal", _std({
        "namnd": _OMRADE, "ar": _AR, "tillstand": ["Tillstånd", "Tillståndsstatus", "Typ av sammankomst"],
        "antal": ["Antal sammankomster", *_ANTAL]}), "allmänna sammankomster (polisen)"),
    Tabellkalla("orosanmalningar", "orosanmalningar", "orosanmalningar.csv", "antal", _std({
        "namnd": _NAMND, "ar": _AR, "typ": ["Typ", "Ärendetyp"], "miljo": ["Miljö", "VBE-miljö", "Extremistmiljö"],
        "antal": _ANTAL}), "orosanmälningar och ärenden (socialtjänsten)"),
    Tabellkalla("blanketter", "blanketter", "blanketter.csv", None, _std({
        "namnd": _NAMND, "datum": ["Datum", "Inkom", "Inkommen", "Datum inkommen", "Registrerad"],
        "miljo": ["Miljö", "VBE-miljö"], "handelsetyp": ["Händelsetyp", "Typ av händelse", "Händelse"],
        "avsandare": ["Avsändare", "Uppgiftslämnare", "Inskickad av"]}), "blanketter (samordnarens register)"),
    Tabellkalla("ia", "ia", "ia.csv", None, _std({
        "namnd": _NAMND, "datum": ["Händelsedatum", "Datum", "Registrerad", "Datum för händelsen"],
        "miljo": ["VBE-miljö", "Miljö", "Miljö (VBE)"],
        "handelsetyp": ["Händelsetyp", "Händelsekategori", "Typ av händelse"],
        "felmarkerad": ["Felmarkerad", "Ej VBE efter granskning", "Felaktigt markerad"]}),
        "IA-anmälningar med VBE markerat (IA)"),
    Tabellkalla("klotter", "klotter", "klotter.csv", None, _std({
        "namnd": _OMRADE, "datum": ["Datum", "Inrapporterad", "Anmäld", "Registrerad"],
        "kalla": ["Källa", "Inrapporterad via", "Rapportör"], "typ": ["Typ", "Klottertyp", "Kategori"],
        "delomrade": ["Delområde", "Plats", "Stadsdel"]}), "klotter och klistermärken"),
    Tabellkalla("webbutbildning", "webbutbildning", "webbutbildning.csv", None, _std({
        "namnd": ["Nämnd", "Organisation", "Nämnd/förvaltning"], "ar": _AR,
        "forvaltning": ["Förvaltning", "Enhet", "Organisationsenhet"],
        "genomforda": ["Genomförda", "Avslutade", "Klara", "Slutförda"],
        "pagaende": ["Pågående", "Påbörjade", "Ej avslutade"],
        "anstallda": ["Antal anställda", "Anställda", "Antal medarbetare"]}), "webbutbildningen (lärplattformen)"),
    Tabellkalla("tillfragade", "tillfragade", "enkat/{ar}/tillfragade.csv", "antal", _std({
        "namnd": _NAMND, "grupp": ["Grupp", "Respondentgrupp", "Enkät", "Målgrupp"],
        "avdelning": ["Avdelning", "Skolform", "Verksamhet", "Nätverk"],
        "antal": ["Antal tillfrågade", "Tillfrågade", "Utskick", "Antal utskick", *_ANTAL]},
        varden={"grupp": GRUPPETIKETTER}),
        "tillfrågade enheter (enkätens utskick)"),
    Tabellkalla("handelser", "handelser", "enkat/{ar}/handelser.csv", "antal", _std({
        "namnd": _NAMND, "grupp": ["Grupp", "Respondentgrupp", "Enkät"], "enhet": ["Enhet", "Enhetens namn"],
        "miljo": ["Miljö", "VBE-miljö"], "handelsetyp": ["Händelsetyp", "Typ av händelse", "Händelse"],
        "antal": ["Antal händelser", *_ANTAL]}, fyll_nedat=True, varden={"grupp": GRUPPETIKETTER}),
        "händelser enligt enkäten"),
)}


# =========================================================================== records
@dataclass
class Post:
    """One value of the export: the contract columns' raw text, where they stood."""

    rad: int
    varden: dict[str, str]
    kolumn: dict[str, str] = field(default_factory=dict)  # contract column -> export header


@dataclass
class Tabell:
    """What :func:`las_tabell` found: records plus the table's own texts."""

    poster: list[Post]
    titel: list[str] = field(default_factory=list)
    fotnoter: list[str] = field(default_factory=list)


def las_rutnat(fil: Path, blad: str | None, visningsnamn: str) -> tuple[list[list[str]], list[Problem], str]:
    """The export's grid and the label used in messages (file and sheet)."""
    rader, problem = read_rows(fil, blad, visningsnamn)
    etikett = visningsnamn
    if fil.suffix.lower() in (".xlsx", ".xlsm") and rader:
        etikett = f"{visningsnamn}, blad \"{blad or _forsta_blad(fil)}\""
    for p in problem:
        p.fil = etikett
    return rader, problem, etikett


def _forsta_blad(fil: Path) -> str:
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(fil, read_only=True)
    try:
        return wb.sheetnames[0]
    finally:
        wb.close()


def _kandidater(t: Tabellkalla, m: Mappning) -> dict[str, list[str]]:
    """Folded headers per contract column: the mapping's own first, then the contract's."""
    ut: dict[str, list[str]] = {}
    for k in t.kolumner:
        lista = [folda_rubrik(x) for x in m.kolumner.get(k.namn, [])]
        lista += [folda_rubrik(k.rubrik), k.namn, *k.alias]
        ut[k.namn] = list(dict.fromkeys(x for x in lista if x))
    return ut


def _stubb(rad: list[str], kand: dict[str, list[str]], skippa: set[str]) -> dict[str, int]:
    """Contract column -> column index of the header row (each index used once)."""
    folded = [folda_rubrik(c) for c in rad]
    ut: dict[str, int] = {}
    anvanda: set[int] = set()
    # a column with a contract column's own header belongs to that column
    for namn in kand:
        if namn in skippa:
            continue
        j = next((i for i, f in enumerate(folded) if f == namn and i not in anvanda), None)
        if j is not None:
            ut[namn] = j
            anvanda.add(j)
    for namn, lista in kand.items():
        if namn in ut:
            continue
        if namn in skippa:
            continue
        for kandidat in lista:
            j = next((i for i, f in enumerate(folded) if f == kandidat and i not in anvanda), None)
            if j is not None:
                ut[namn] = j
                anvanda.add(j)
                break
    return ut


def _ar_i(text: str) -> int | None:
    m = re.match(r"^\s*(\d{4})(?!\d)", text)
    return int(m.group(1)) if m else None


def _lost(k: Kolumn, text: str, m: Mappning, konf) -> bool:
    """True when a header cell can be a value of contract column ``k``."""
    t = etikett_till_varde(text, m.varden.get(k.namn, {}))
    if k.typ == "ar":
        return _ar_i(t) is not None
    if k.typ == "vokabular":
        return vokabular(konf, k.vokabular).hitta(t) is not None
    if k.typ == "namnd":
        return konf.hitta(t) is not None
    return False


def _fyll_hoger(rad: list[str], kolumner: list[int]) -> dict[int, str]:
    """Header cells of merged (or left-aligned group) cells: an empty cell takes the value
    of the nearest filled cell to its left among ``kolumner``."""
    ut: dict[int, str] = {}
    senast = ""
    for j in kolumner:
        v = rad[j] if j < len(rad) else ""
        if v:
            senast = v
        ut[j] = senast
    return ut


def las_tabell(rader: list[list[str]], t: Tabellkalla, m: Mappning, konf, etikett: str,
               fv: Forhandsvisning) -> Tabell | None:
    """Find the table in the grid and give one :class:`Post` per value. Problems go to
    ``fv.problem``; None when the table cannot be found."""
    kand = _kandidater(t, m)
    kol = {k.namn: k for k in t.kolumner}
    konstanter = set(m.konstanter)
    # ------------------------------------------------------------ header row
    if m.rubrikrad is not None:
        if m.rubrikrad > len(rader):
            fv.problem.append(Problem(etikett, forvantat=f"rubrikraden är rad {m.rubrikrad} enligt mappningen, "
                                      f"men filen har bara {len(rader)} rader"))
            return None
        h = m.rubrikrad - 1
    else:
        basta, h = (0, 0), -1
        for i, r in enumerate(rader[:60]):
            poang = (len(_stubb(r, kand, konstanter)), sum(1 for c in r if c))
            if poang[0] > 0 and poang > basta:
                basta, h = poang, i
        if h < 0:
            fv.problem.append(Problem(etikett, forvantat="hittade ingen rubrikrad med någon av kolumnerna "
                                      + ", ".join(f'"{k.rubrik}"' for k in t.kolumner if k.kravs)
                                      + " bland de 60 första raderna – ange rubrikerna under 'kolumner' eller "
                                      "raden under 'rubrikrad' i mappningen"))
            return None
    stubb = _stubb(rader[h], kand, konstanter)
    saknade = [k.namn for k in t.kolumner
               if k.namn not in stubb and k.namn not in konstanter and k.namn != t.vardekolumn]
    hrad = list(rader[h])
    if m.rubrikrad is None and h + 1 < len(rader) and t.vardekolumn not in stubb:
        # the stub's headers in cells merged down over two header rows: the values across
        # stand in the row below
        nasta = rader[h + 1]
        ovr = [j for j in range(len(nasta)) if j not in stubb.values() and nasta[j]]
        kvar = [n for n in saknade if kol[n].typ in ("ar", "vokabular", "namnd")]
        if (ovr and all(j >= len(nasta) or not nasta[j] for j in stubb.values())
                and any(sum(_lost(kol[n], nasta[j], m, konf) for j in ovr) >= max(1, len(ovr) // 2) for n in kvar)):
            h += 1
            hrad = [c or (rader[h - 1][j] if j in stubb.values() and j < len(rader[h - 1]) else "")
                    for j, c in enumerate(rader[h])]
    fv.rubrikrad = h + 1
    titel = [" ".join(c for c in r if c) for r in rader[:h] if any(r)]
    bred = m.form == "bred" or (m.form == "auto" and t.vardekolumn is not None and t.vardekolumn not in stubb
                                and bool(saknade))
    over: list[tuple[int, str]] = []  # (row index, contract column)
    varde_kol: dict[int, dict[str, str]] = {}
    ignorerade: list[str] = []
    ovriga = [j for j in range(max((len(rader[i]) for i in range(max(0, h - 3), h + 1)), default=0))
              if j not in stubb.values()]
    if bred:
        if m.over:
            if len(m.over) > h + 1:
                fv.problem.append(Problem(etikett, forvantat=f"mappningen anger {len(m.over)} rubrikrader under "
                                          f"'over' men rubrikraden är rad {h + 1}"))
                return None
            over = [(h - len(m.over) + 1 + i, namn) for i, namn in enumerate(m.over)]
        else:
            kvar = [namn for namn in saknade if kol[namn].typ in ("ar", "vokabular", "namnd")]
            for r in range(h, max(-1, h - 3), -1):
                if not kvar:
                    break
                fylld = _fyll_hoger(rader[r], ovriga)
                vals = {v for v in fylld.values() if v}
                traff = None
                for namn in kvar:
                    if vals and sum(_lost(kol[namn], v, m, konf) for v in vals) >= max(1, len(vals) // 2):
                        traff = namn
                        break
                if traff is None:
                    break
                over.insert(0, (r, traff))
                kvar.remove(traff)
        fyllda = {r: _fyll_hoger(rader[r], ovriga) for r, _ in over}
        for j in ovriga:
            nycklar = {namn: fyllda[r].get(j, "") for r, namn in over}
            rubrik = " / ".join(v for v in nycklar.values() if v)
            if not rubrik:
                continue
            if all(v and _lost(kol[namn], v, m, konf) for namn, v in nycklar.items()):
                varde_kol[j] = nycklar
            else:
                ignorerade.append(rubrik)
        if over:
            beskr = " och ".join(f"{kol[namn].rubrik.lower()} (rad {r + 1})" for r, namn in over)
            fv.form = f"bred – {beskr} i kolumnerna, {len(varde_kol)} värdekolumn{'' if len(varde_kol) == 1 else 'er'}"
        if not varde_kol:
            fv.problem.append(Problem(etikett, rad=h + 1, forvantat="hittade inga värdekolumner: rubrikraden har "
                                      "varken en kolumn för " + kol[t.vardekolumn].rubrik + " eller årtal/kategorier "
                                      "i kolumnerna (ange 'form' och 'over' i mappningen)"))
            return None
    else:
        fv.form = "lång – en rad per värde"
        for j in ovriga:
            if j < len(hrad) and hrad[j]:
                ignorerade.append(hrad[j])
    tackta = set(stubb) | {namn for _, namn in over} | konstanter | ({t.vardekolumn} if bred else set())
    for k in t.kolumner:
        if k.kravs and k.namn not in tackta:
            fv.problem.append(Problem(etikett, rad=h + 1, kolumn=k.rubrik, forvantat=(
                f'kolumnen "{k.rubrik}" saknas – rubrikraden har ' + ", ".join(f'"{c}"' for c in hrad if c)
                + f"; ange exportens rubrik under 'kolumner: {k.namn}:' i mappningen")))
    if any(p.ar_fel for p in fv.problem):
        return None
    fv.kolumner = {hrad[j]: kol[namn].rubrik for namn, j in stubb.items()}
    ign = {folda_rubrik(x) for x in m.ignorera}
    fv.ignorerade += [x for x in ignorerade if folda_rubrik(x) not in ign]
    # ------------------------------------------------------------ data rows
    fyll = m.fyll_nedat if m.fyll_nedat is not None else t.vardekolumn is not None
    dimensioner = [namn for namn in stubb if kol[namn].typ in ("namnd", "ar", "vokabular")]
    prefix = [folda_text(p) for p in m.fotnoter if folda_text(p)] + [p.strip().casefold() for p in m.fotnoter]
    slut = len(rader) - m.sista_rader
    poster: list[Post] = []
    fotnoter: list[str] = []
    forra: dict[str, str] = {}
    i_fotnoter = False
    tom_efter_data = False
    hoppa = {folda_text(x) for x in m.hoppa_over}
    for i in range(h + 1, len(rader)):
        r = rader[i]
        nr = i + 1
        ifyllda = [c for c in r if c]
        if i >= slut:
            if ifyllda:
                fotnoter.append(" ".join(ifyllda))
                fv.hoppa("sista raderna enligt mappningen", nr)
            continue
        if not ifyllda:
            if poster:
                tom_efter_data = True
            fv.hoppa("tom rad", nr)
            continue
        forsta = ifyllda[0].strip()
        ser_ut_som_not = len(ifyllda) <= 2 and (
            any(forsta.casefold().startswith(p) for p in prefix if p)
            or any(folda_text(forsta).startswith(p) for p in prefix if p and p[0].isalnum())
            or (tom_efter_data and len(ifyllda) == 1))
        if i_fotnoter or ser_ut_som_not:
            i_fotnoter = True
            fotnoter.append(" ".join(ifyllda))
            fv.hoppa("fotnoter under tabellen", nr)
            continue
        celler = {namn: (r[j] if j < len(r) else "") for namn, j in stubb.items()}
        if fyll:
            for namn in dimensioner:
                if celler[namn] == "" and namn in forra:
                    celler[namn] = forra[namn]
            forra = {namn: celler[namn] for namn in dimensioner if celler[namn]}
        if "namnd" in celler and konf.hitta(celler["namnd"]) is None and folda_text(celler["namnd"]) in hoppa:
            fv.hoppa(f"summarad \"{celler['namnd']}\"", nr)
            continue
        for namn, v in m.konstanter.items():
            celler.setdefault(namn, v)
        rubriker = {namn: hrad[j] for namn, j in stubb.items()}
        fv.rader_lasta += 1
        if bred:
            for j, nycklar in varde_kol.items():
                post = Post(nr, {**celler, **nycklar, t.vardekolumn: r[j] if j < len(r) else ""},
                            {**rubriker, t.vardekolumn: " / ".join(nycklar.values())})
                for namn in nycklar:
                    post.kolumn[namn] = post.kolumn[t.vardekolumn]
                poster.append(post)
        else:
            poster.append(Post(nr, celler, rubriker))
    return Tabell(poster, titel, fotnoter)


# =========================================================================== contract
def _skriv_vokabular(v: Vokabular, nyckel: str) -> str:
    from vbe_lib.parametrar import vocab

    # the survey's groups are written as in the contract's examples: intern, extern
    return nyckel if v is vocab.ENKATGRUPPER else v.etikett(nyckel)


def _vokabularforslag(v: Vokabular, varde: str) -> str:
    f = forslag(varde, [*v.etiketter.values(), *v.alias])
    if f:
        nycklar = list(dict.fromkeys(v.hitta(x) for x in f))
        return " – menade du " + " eller ".join(f"'{v.etikett(k)}'" for k in nycklar[:2]) + "?"
    return ""


def till_kontrakt(poster: list[Post], t: Tabellkalla, m: Mappning, konf, etikett: str,
                  fv: Forhandsvisning, planar: int | None = None) -> tuple[list[str], list[list[object]]]:
    """The contract file's header and rows from the records; problems to ``fv.problem``."""
    kolumner = [k for k in t.kolumner if k.kravs or any(k.namn in p.varden for p in poster)]
    rader: list[list[object]] = []
    nyckel = KALLOR[t.kalla].nyckel
    sett: dict[tuple, int] = {}
    inte_funnen: dict[str, list[int]] = {}
    okanda_varden: dict[tuple[str, str, str], list] = {}
    borttagna: dict[str, set[int]] = {}
    for p in poster:
        ut: list[object] = []
        fel = False
        norm: dict[str, object] = {}
        for k in kolumner:
            raw = p.varden.get(k.namn, "")
            rubrik = p.kolumn.get(k.namn, k.rubrik)
            v = etikett_till_varde(raw, m.varden.get(k.namn, {})) if raw != "" else raw
            if v != raw:
                fv.varden.setdefault(k.rubrik, {})[raw] = v
            varde: object = v
            problem: Problem | None = None
            if k.typ == "namnd":
                if v == "":
                    problem = None if k.tom_ok else Problem(etikett, rad=p.rad, kolumn=rubrik, varde="",
                                                            forvantat="ett namn på en nämnd eller ett område")
                else:
                    slug = konf.hitta(v)
                    if slug is None:
                        inte_funnen.setdefault(v, []).append(p.rad)
                        fel = True
                        continue
                    fv.namn[v] = konf.namnder[slug].kortnamn
                    varde = konf.namnder[slug].kortnamn
                    norm[k.namn] = slug
            elif k.typ == "ar":
                a = _ar_i(v)
                if a is None:
                    problem = Problem(etikett, rad=p.rad, kolumn=rubrik, varde=v, forvantat="ett årtal (ÅÅÅÅ)")
                else:
                    varde = a
                    norm[k.namn] = a
            elif k.typ == "heltal":
                x, problem = tolka_antal(v, m, fv, etikett, p.rad, rubrik)
                varde = "" if x is None else x
                norm[k.namn] = x
            elif k.typ == "vokabular":
                nyck = vokabular(konf, k.vokabular).hitta(v) if v != "" else None
                if nyck is None:
                    if v != "":
                        okanda_varden.setdefault((k.namn, rubrik, v), []).append(p.rad)
                        fel = True
                        continue
                    problem = Problem(etikett, rad=p.rad, kolumn=rubrik, varde=v,
                                      forvantat=f"ett av värdena för {k.vokabular.namn}: {k.vokabular.tillatna()}")
                else:
                    varde = _skriv_vokabular(k.vokabular, nyck)
                    if varde != v:
                        fv.varden.setdefault(k.rubrik, {})[raw] = str(varde)
                    norm[k.namn] = nyck
            elif k.typ == "datum":
                try:
                    varde = tolka_datumcell(v, m) or ""
                except ValueError:
                    problem = Problem(etikett, rad=p.rad, kolumn=rubrik, varde=v, forvantat=(
                        "ett datum ÅÅÅÅ-MM-DD" + (f" eller {m.datumformat}" if m.datumformat else
                                                  " (ange 'datumformat' i mappningen för ett annat format)")))
                if varde == "" and problem is None:
                    problem = Problem(etikett, rad=p.rad, kolumn=rubrik, varde="", forvantat="ett datum ÅÅÅÅ-MM-DD")
                norm[k.namn] = varde
            elif k.typ == "janej":
                try:
                    j = tolka_janej(v, vokabular(konf, vocab.JANEJ))
                    varde = {"ja": "Ja", "nej": "Nej", "vet_ej": "Vet ej", None: ""}[j]
                except ValueError:
                    problem = Problem(etikett, rad=p.rad, kolumn=rubrik, varde=v, forvantat="Ja, Nej eller tom")
            else:
                if v == "" and not k.tom_ok:
                    problem = Problem(etikett, rad=p.rad, kolumn=rubrik, varde="", forvantat="ett värde")
                norm[k.namn] = v
            if problem is not None:
                fv.problem.append(problem)
                fel = True
            ut.append(varde)
        if fel:
            continue
        # a cube (wide table, PC-Axis, JSON-stat) has cells for years in which a committee
        # did not exist or was succeeded: an empty one is no datum, not a missing one
        if t.vardekolumn and "ar" in norm and "namnd" in norm and norm.get(t.vardekolumn) is None:
            n = konf.namnder[norm["namnd"]]
            a = int(norm["ar"])
            if not n.finns_under_ar(a) or (n.giltig_till is not None and n.giltig_till.year == a and n.efterfoljare):
                borttagna.setdefault(n.kortnamn, set()).add(a)
                continue
        if nyckel and all(c in norm for c in nyckel):
            key = tuple(norm[c] for c in nyckel)
            if key in sett:
                fv.problem.append(Problem(etikett, rad=p.rad, meddelande=(
                    "samma kombination av " + ", ".join(t.kolumnnamn()[c] for c in nyckel)
                    + f" ({', '.join(str(x) for x in ut[:len(nyckel)])}) finns redan "
                    + (f"på rad {sett[key]}" if sett[key] is not None else "tidigare i filen") + " – "
                    "förväntade ett värde per kombination")))
                continue
            sett[key] = p.rad
        rader.append(ut)
    for namn, rr in inte_funnen.items():
        kolumn = next((p.kolumn.get("namnd") for p in poster if p.rad == rr[0]), None)
        fv.problem.append(Problem(etikett, rad=rr[0], kolumn=kolumn, meddelande=(
            konf.okant_namn_meddelande(namn) + (f" (även {_radtext(sorted(set(r for r in rr if r != rr[0])))})"
                                                if len(set(rr)) > 1 else "")
            + " – lägg till stavningen som alias i nämndens fil, eller under 'hoppa_over' i mappningen "
            "om raden inte gäller en nämnd")))
    for (namn, rubrik, v), rr in okanda_varden.items():
        voc = next(k.vokabular for k in kolumner if k.namn == namn)
        fler = len(rr) - 1
        fv.problem.append(Problem(etikett, rad=rr[0], kolumn=rubrik, meddelande=(
            f'värdet "{v}" är inte tillåtet{_vokabularforslag(voc, v)}'
            + (f" (även {_radtext(rr[1:])})" if fler else "")
            + f" – förväntade ett av {voc.tillatna()}, eller en egen översättning under 'varden: {namn}:' "
            "i mappningen")))
    if borttagna:
        fv.noteringar.append("tomma celler för år då nämnden inte fanns (eller en efterföljare tog över) "
                             "skrivs inte: " + "; ".join(f"{n} {_arlista(sorted(a))}" for n, a in sorted(borttagna.items())))
    fv.rader_ut = len(rader)
    return [k.rubrik for k in kolumner], rader


def _radtext(rr: list) -> str:
    from vbe_lib.indata.importera.gemensam import radlista

    rader = [r for r in rr if r is not None]
    return radlista(rader) if rader else f"{len(rr)} värden till"


def _arlista(ar: list[int]) -> str:
    delar, start = [], None
    for i, a in enumerate(ar):
        if start is None:
            start = a
        if i + 1 == len(ar) or ar[i + 1] != a + 1:
            delar.append(str(start) if start == a else f"{start}–{a}")
            start = None
    return ", ".join(delar)


def kolla_planar(rader: list[list[object]], rubriker: list[str], planar: int | None, fv: Forhandsvisning) -> None:
    """A note when the export lacks the data year that plan year ``planar`` reports (Y−1)."""
    if planar is None:
        return
    ar: set[int] = set()
    if "År" in rubriker:
        i = rubriker.index("År")
        ar = {int(r[i]) for r in rader if isinstance(r[i], int)}
    elif "Datum" in rubriker:
        i = rubriker.index("Datum")
        ar = {int(str(r[i])[:4]) for r in rader if str(r[i])[:4].isdigit()}
    else:
        return
    if ar:
        fv.noteringar.append(f"år i exporten: {_arlista(sorted(ar))}")
        if planar - 1 not in ar:
            fv.problem.append(Problem(fv.fil, allvarlighet="varning", forvantat=(
                f"exporten har inga uppgifter för {planar - 1}, det år som lägesbilden {planar} redovisar")))


def heltal(v: object) -> int | None:
    try:
        return tolka_heltal(v)
    except ValueError:
        return None


def _arsnyckel(rubriker: list[str]) -> tuple[int, bool] | None:
    """The column that gives a row's year: (index, is a date)."""
    if "År" in rubriker:
        return rubriker.index("År"), False
    if "Datum" in rubriker:
        return rubriker.index("Datum"), True
    return None


def _radar(v: object, datum: bool) -> str:
    text = "" if v is None else str(v).strip()
    return text[:4] if datum else text


def komplettera(fil: Path, rel: str, rubriker: list[str], nya: list[list[object]], t: Tabellkalla,
                fv: Forhandsvisning) -> list[list[object]]:
    """``vbe importera --byt-ar``: the rows of the existing contract file ``fil`` whose year
    the export does not have, in the file's order, followed by the export's rows. A file that cannot be combined (no year column, a column of the
    export missing in it) is an error in the preview, and nothing is written."""
    nyckel = _arsnyckel(rubriker)
    if nyckel is None:
        fv.problem.append(Problem(rel, forvantat=f"{t.namn} har ingen kolumn År eller Datum: --byt-ar går inte"))
        return nya
    rader, problem = read_rows(fil, visningsnamn=rel)  # the contract reader's decoding and structure checks
    if any(p.ar_fel for p in problem):
        fv.problem += [p for p in problem if p.ar_fel]
        return nya
    if not rader:
        return nya
    huvud = [h.strip() for h in rader[0]]
    saknas = [r for r in rubriker if r not in huvud]
    if saknas:
        fv.problem.append(Problem(rel, kolumn=saknas[0], forvantat=(
            "den befintliga filen saknar kolumnen "
            + ", ".join(f'"{s}"' for s in saknas) + " – exportens rader kan inte läggas till; importera hela "
            "serien med --skriv-over i stället")))
        return nya
    i_ar, datum = nyckel
    nya_ar = {_radar(r[i_ar], datum) for r in nya}
    idx = [huvud.index(r) for r in rubriker]
    kvar: list[list[object]] = []
    ersatta = 0
    for rad in rader[1:]:
        if not any(c.strip() for c in rad):
            continue
        rad = rad + [""] * (len(huvud) - len(rad))
        varden: list[object] = [rad[i] for i in idx]
        if _radar(varden[i_ar], datum) in nya_ar:
            ersatta += 1
        else:
            kvar.append(varden)
    andra = sorted({_radar(r[i_ar], datum) for r in kvar})
    fv.noteringar.append(
        f"--byt-ar: {ersatta} rader för {_arlista_text(sorted(nya_ar))} i {rel} ersätts med exportens "
        f"{len(nya)}; {len(kvar)} rader för " + (_arlista_text(andra) if andra else "inga andra år") + " behålls")
    return kvar + nya  # the file's own rows keep their order (a small diff), the export's follow


def _arlista_text(ar: list[str]) -> str:
    tal = [int(a) for a in ar if a.isdigit()]
    return _arlista(tal) if len(tal) == len(ar) and tal else ", ".join(ar) or "inga år"
