"""``vbe importera``: real exports in the sources' own layouts → the data contract's files.

:func:`importera` reads one export, maps it (the source kind's default mapping merged
with ``parameters/import/<källa>.yml``), builds a :class:`Forhandsvisning` (preview) and,
unless asked for the preview only or the preview has errors, writes the contract file(s)
with :func:`gemensam.skriv_filer` (validated in a staging folder, then moved into place,
never overwriting without ``skriv_over``).

Modules: :mod:`.gemensam` (mapping, preview, values, writing), :mod:`.tabell` (Excel and
CSV tables: statistics, registers, lists), :mod:`.pxweb` (PC-Axis and JSON-stat cubes),
:mod:`.enkat` (the survey export and a proposed catalogue), :mod:`.polis` (the police's
text).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vbe_lib.indata.importera.gemensam import (
    Forhandsvisning,
    ImportFel,
    Mappning,
    Skrivresultat,
    Utfil,
    csv_bytes,
    las_mappning,
    skriv_filer,
)
from vbe_lib.indata.importjournal import slutfor_avbrutna
from vbe_lib.indata.importera.tabell import TABELLKALLOR
from vbe_lib.indata.kallmetadata import SUFFIX
from vbe_lib.indata.problem import Problem

#: Every source ``vbe importera`` knows, in the order of the data contract.
KALLOR: tuple[str, ...] = ("brott", "sammankomster", "orosanmalningar", "blanketter", "ia", "klotter",
                           "webbutbildning", "enkat", "tillfragade", "handelser", "polis")

BESKRIVNING = {**{n: t.beskrivning for n, t in TABELLKALLOR.items()},
               "enkat": "enkätsvaren (enkätverktygets export)", "polis": "polisens lägesbild (Word eller text)"}


@dataclass
class Importresultat:
    forhandsvisning: Forhandsvisning
    skrivning: Skrivresultat | None = None
    #: files of an earlier, cut-off import that this one moved into place first
    slutforda: list[str] = field(default_factory=list)


def importera(kalla: str, fil: str | Path, konf, data_dir: str | Path = "data", *args, **kwargs) -> Importresultat:
    """Import export ``fil`` as source ``kalla`` (see :func:`_importera`), after finishing an
    earlier import that was cut off while moving its files into place."""
    slutforda = slutfor_avbrutna(data_dir) if Path(data_dir).is_dir() else []
    res = _importera(kalla, fil, konf, data_dir, *args, **kwargs)
    res.slutforda = slutforda
    return res


def _importera(kalla: str, fil: str | Path, konf, data_dir: str | Path = "data",
              parametrar_dir: str | Path | None = "parameters", ar: int | None = None,
              skriv_over: bool = False, bara_forhandsvisning: bool = False,
              mappning_fil: str | Path | None = None, namnd: str | None = None,
              ny_katalog: bool = False, byt_ar: bool = False) -> Importresultat:
    """Import export ``fil`` as source ``kalla``. Raises :class:`ImportFel` for wrong
    arguments or an invalid mapping; everything about the export is in the preview.
    ``byt_ar``: a city-wide file that exists keeps its rows of the years the export does
    not have (:func:`tabell.komplettera`); only the export's years are replaced."""
    if kalla not in KALLOR:
        from vbe_lib.indata.importera.gemensam import forslag

        f = forslag(kalla, list(KALLOR), antal=1)
        raise ImportFel([f"okänd källa '{kalla}'" + (f" – menade du '{f[0]}'?" if f else "")
                         + " Källor: " + ", ".join(KALLOR) + "."])
    if byt_ar and (kalla not in TABELLKALLOR or "{ar}" in TABELLKALLOR[kalla].mal):
        raise ImportFel(["--byt-ar gäller de stadsövergripande tabellerna ("
                         + ", ".join(n for n, t in TABELLKALLOR.items() if "{ar}" not in t.mal)
                         + f"), inte {kalla}, som skrivs per år."])
    fil = Path(fil)
    data_dir = Path(data_dir)
    if not fil.is_file():
        raise ImportFel([f"{fil}: filen finns inte."])
    mfil = Path(mappning_fil) if mappning_fil else None
    pdir = Path(parametrar_dir) if parametrar_dir is not None else None
    if kalla == "polis":
        return _polis(fil, konf, data_dir, ar, namnd, skriv_over, bara_forhandsvisning)
    if kalla == "enkat":
        from vbe_lib.indata.importera import enkat

        if ar is None:
            raise ImportFel(["ange enkätåret med --ar (svaren skrivs till enkat/<år>/svar.csv)."])
        m, mnamn = las_mappning("enkat", enkat.STANDARD, pdir, mfil, enkat.kolumnnamn())
        fv = Forhandsvisning(fil=fil.name, kalla=kalla, mappning=mnamn)
        if ny_katalog:
            rel = f"enkat/{ar}/fragor.csv"
            res = enkat.foresla_katalog(fil, ar, data_dir, m, fv)
        else:
            rel = f"enkat/{ar}/svar.csv"
            res = enkat.importera_svar(fil, ar, konf, data_dir, m, fv)
        fv.utfiler = [rel]
        if res is None or fv.fel or bara_forhandsvisning:
            return Importresultat(fv)
        utfiler = [Utfil(rel, csv_bytes(*res))]
        sammanhang = [f"enkat/{ar}/{p.name}" for p in (data_dir / "enkat" / str(ar)).glob("*") if p.is_file()]
        return Importresultat(fv, skriv_filer(data_dir, utfiler, konf, ar, skriv_over, sammanhang,
                                              prefix=(f"enkat/{ar}/",)))
    return _tabell(kalla, fil, konf, data_dir, pdir, ar, skriv_over, bara_forhandsvisning, mfil, byt_ar)


def _tabell(kalla: str, fil: Path, konf, data_dir: Path, pdir: Path | None, ar: int | None, skriv_over: bool,
            bara_forhandsvisning: bool, mfil: Path | None, byt_ar: bool = False) -> Importresultat:
    from vbe_lib.indata.importera import pxweb, tabell

    t = TABELLKALLOR[kalla]
    m, mnamn = las_mappning(kalla, t.standard, pdir, mfil, t.kolumnnamn())
    rel = t.malfil(ar)
    fv = Forhandsvisning(fil=fil.name, kalla=kalla, mappning=mnamn, utfiler=[rel])
    if pxweb.ar_kub(fil):
        etikett = fil.name
        tab, meta = pxweb.las_kub(fil, t, m, etikett, fv)
    else:
        rader, p, etikett = tabell.las_rutnat(fil, m.blad, fil.name)
        if 'blad "' in etikett:
            fv.blad = etikett.split('blad "', 1)[1].rstrip('"')
        fv.problem += p
        tab = tabell.las_tabell(rader, t, m, konf, etikett, fv) if rader else None
        meta = _tabellmeta(tab) if tab is not None else {}
    if tab is None:
        return Importresultat(fv)
    rubriker, rader_ut = tabell.till_kontrakt(tab.poster, t, m, konf, etikett, fv, ar)
    tabell.kolla_planar(rader_ut, rubriker, ar if "{ar}" not in t.mal else None, fv)
    if byt_ar and (data_dir / rel).is_file():
        rader_ut = tabell.komplettera(data_dir / rel, rel, rubriker, rader_ut, t, fv)
        skriv_over = True  # only the export's years are replaced, as asked
    utfiler = [Utfil(rel, csv_bytes(rubriker, rader_ut))]
    sidofil = rel[: -len(".csv")] + SUFFIX
    ta_bort: list[str] = []
    if meta:
        meta = {**meta, "symboler": {s: _SYMBOLTEXT[b] for s, b in m.symboler.items()
                                     if any(s == x for (x, _) in fv.symboler)} or None,
                "importerad_fran": fil.name, "sha256": hashlib.sha256(fil.read_bytes()).hexdigest()}
        meta = {k: v for k, v in meta.items() if v}
        fv.utfiler.append(sidofil)
        fv.noteringar.append(f"tabellens egna uppgifter (titel, källa, fotnoter) sparas i {sidofil}")
        utfiler.append(Utfil(sidofil, _metadata_yaml(meta)))
    elif not byt_ar and _importerad_sidofil(data_dir / sidofil):
        # the table's own details of an earlier import describe a table that is replaced
        ta_bort.append(sidofil)
        fv.noteringar.append(f"{sidofil} (titel, källa och fotnoter från förra importen) tas bort: den nya "
                             "exporten har inga sådana uppgifter")
    if fv.fel or bara_forhandsvisning:
        return Importresultat(fv)
    sammanhang: list[str] = []
    prefix: tuple[str, ...] = ()
    if "{ar}" in t.mal:
        kat = data_dir / "enkat" / str(ar)
        sammanhang = [f"enkat/{ar}/{p.name}" for p in kat.glob("*") if p.is_file()] if kat.is_dir() else []
        prefix = (f"enkat/{ar}/",)
    planar = ar
    return Importresultat(fv, skriv_filer(data_dir, utfiler, konf, planar if "{ar}" in t.mal else None,
                                          skriv_over, sammanhang, prefix, ta_bort=ta_bort))


def _importerad_sidofil(fil: Path) -> bool:
    """Whether ``fil`` is a table's details file written by ``vbe importera`` (a hand-written
    one is never removed)."""
    try:
        innehall = yaml.safe_load(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return False
    return isinstance(innehall, dict) and "importerad_fran" in innehall


_SYMBOLTEXT = {"saknas": "uppgift saknas", "noll": "noll", "skyddad": "uppgiften skyddas i källan"}


def _tabellmeta(tab) -> dict:
    """Title rows and footnotes of an Excel/CSV table; a footnote "Källa: …" is the source."""
    meta: dict = {}
    if tab.titel:
        meta["titel"] = tab.titel[0]
        if len(tab.titel) > 1:
            meta["undertitel"] = tab.titel[1:]
    noter = []
    for n in tab.fotnoter:
        if n.casefold().startswith(("källa:", "källa ", "källor:")) and "kalla" not in meta:
            meta["kalla"] = n.split(":", 1)[1].strip() if ":" in n else n[5:].strip()
        elif n.strip().rstrip(":").casefold() not in ("fotnot", "fotnoter", "noter"):
            noter.append(n)
    if noter:
        meta["fotnoter"] = noter
    return meta


def _metadata_yaml(meta: dict) -> bytes:
    text = ("# Tabellens egna uppgifter, sparade av vbe importera (se docs/importera.md).\n"
            + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100))
    return text.encode("utf-8")


def _polis(fil: Path, konf, data_dir: Path, ar: int | None, namnd: str | None, skriv_over: bool,
           bara_forhandsvisning: bool) -> Importresultat:
    from vbe_lib.indata.importera import polis

    if ar is None:
        raise ImportFel(["ange planåret med --ar (texten skrivs till polis/<år>/<nämnd>.md)."])
    namn = namnd or fil.stem
    slug = konf.hitta(namn) or konf.hitta(namn.replace("_", " "))
    if slug is None:
        kalla = "--namnd" if namnd else f"filnamnet ({fil.name})"
        raise ImportFel([f"{kalla}: {konf.okant_namn_meddelande(namn)} Ange nämnden med --namnd."])
    n = konf.namnder[slug]
    rel = f"polis/{ar}/{slug}.md"
    fv = Forhandsvisning(fil=fil.name, kalla="polis", utfiler=[rel])
    fv.namn[namn] = n.kortnamn
    if not n.finns_planar(ar):
        efter = konf.efterfoljare_planar(slug, ar)
        fv.problem.append(Problem(rel, namnd=slug, meddelande=(
            f"{n.namn} har ingen handlingsplan för {ar} (nämnden fanns inte 1 januari {ar})"
            + (f" – menade du {konf.namnder[efter].kortnamn}?" if efter and efter != slug else ""))))
        return Importresultat(fv)
    try:
        md, noter = polis.till_markdown(fil)
    except polis.Polisfel as exc:
        fv.problem.append(Problem(fil.name, forvantat=str(exc)))
        return Importresultat(fv)
    if not md.strip():
        fv.problem.append(Problem(fil.name, forvantat="filen innehåller ingen text"))
        return Importresultat(fv)
    fv.form = "Markdown: " + "; ".join(noter)
    fv.rader_lasta = fv.rader_ut = md.count("\n")
    fv.problem += polis.granska(md, rel, konf.integritet(slug).skyddade_namn)
    if bara_forhandsvisning:
        return Importresultat(fv)
    res = skriv_filer(data_dir, [Utfil(rel, md.encode("utf-8"))], konf, ar, skriv_over)
    # the screening's warnings are in the preview already
    if res.problem:
        sett = {str(p) for p in fv.problem}
        res.problem = [p for p in res.problem if str(p) not in sett]
    return Importresultat(fv, res)


__all__ = ["BESKRIVNING", "KALLOR", "ImportFel", "Importresultat", "Mappning", "importera"]
