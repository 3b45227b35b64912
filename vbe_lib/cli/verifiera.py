"""``vbe verifiera``: rebuild a plan year's published reports and compare them byte by byte.

Every committee with a manifest (``<utdata>/<Y>/<slug>/manifest.json``, status klar)
is rebuilt into a temporary folder with the build date recorded in its manifest,
from the data, parameters, notebooks and library as they are now. Every published
file listed in the manifest is compared with the rebuilt one. The report names the
files that differ and, to explain why, the recorded inputs that have changed since
(input files, notebooks, library source, dependency versions).

Exit codes: 0 every file identical, 1 some file differs or could not be rebuilt,
2 wrong use (nothing published, unknown folders).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Optional

import typer

from vbe_lib.bygg.rapportjobb import STAD, STADSTYP, TYPER, namnd_jobb, stadsjobb, standard_notebooks, visningsnamn
from vbe_lib.cli import app
from vbe_lib.cli.gemensamt import AnvandarFel, fel as _fel, kor_kommando, las_konfiguration
from vbe_lib.indata.datakalla import ar_exempeldata


def _las_manifest(fil: Path) -> dict[str, Any] | None:
    try:
        m = json.loads(fil.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and m.get("status") == "klar" and m.get("filer") else None


def _andrade_indata(inspelat: dict[str, str], nu: dict[str, str]) -> list[str]:
    ut = []
    for rel in sorted(set(inspelat) | set(nu)):
        if rel not in nu:
            ut.append(f"{rel} (borttagen)")
        elif rel not in inspelat:
            ut.append(f"{rel} (ny)")
        elif inspelat[rel] != nu[rel]:
            ut.append(f"{rel} (ändrad)")
    return ut


def _orsaker(m: dict[str, Any], plan, nyckel: tuple[int, str]) -> list[str]:
    """Recorded inputs that differ from the current ones (names only, no data)."""
    orsaker = []
    indata = _andrade_indata(m.get("indata") or {}, plan.namnd_indata.get(nyckel, {}))
    if indata:
        visa = indata[:10] + ([f"… och {len(indata) - 10} till"] if len(indata) > 10 else [])
        orsaker.append("indata har ändrats sedan publiceringen: " + ", ".join(visa))
    inspelat = m.get("beroenden") or {}
    nu = plan.beroenden.get(nyckel, {})
    if inspelat.get("bibliotek") and inspelat.get("bibliotek") != nu.get("bibliotek"):
        orsaker.append("bibliotekets källkod (vbe_lib) har ändrats")
    if inspelat.get("versioner") and inspelat.get("versioner") != nu.get("versioner"):
        andrade = sorted(k for k in set(inspelat["versioner"]) | set(nu.get("versioner", {}))
                         if inspelat["versioner"].get(k) != nu.get("versioner", {}).get(k))
        orsaker.append("paketversionerna har ändrats: " + ", ".join(andrade))
    nbnu = {k: v for k, v in plan.notebooks.items()}
    for namn, sha in (m.get("notebooks") or {}).items():
        fil = namn.split(":", 1)[-1]
        if sha and not any(Path(p).name == fil and h == sha for p, h in nbnu.items()):
            orsaker.append(f"notebooken {fil} har ändrats")
    return orsaker


@app.command("verifiera")
def verifiera_kommando(
    ar: int = typer.Option(..., "--ar", help="Planår vars publicerade rapporter ska kontrolleras."),
    utdata: Path = typer.Option(Path("outputs"), "--utdata", help="Mappen med de publicerade rapporterna."),
    data: Path = typer.Option(Path("data"), "--data", help="Mappen med indata."),
    parametrar: Path = typer.Option(Path("parameters"), "--parametrar", help="Mappen med kommun.yml och namnder/."),
    notebooks: Optional[Path] = typer.Option(None, "--notebooks", help="Mappen med notebooks (standard: projektets notebooks/)."),
    namnd: Optional[list[str]] = typer.Option(None, "--namnd", help="Kontrollera bara denna nämnd (slug). Kan anges flera gånger."),
    jobb: Optional[int] = typer.Option(None, "--jobb", min=1, help="Antal parallella processer (standard: antal kärnor)."),
) -> None:
    """Bygg om planårets publicerade rapporter i en tillfällig mapp och jämför dem byte för byte.

    Varje nämnd byggs med byggdatumet i sitt manifest. Avslutar med kod 1 om någon
    publicerad fil skiljer sig från vad indata nu ger.
    """
    kod = kor_kommando(lambda: _verifiera(ar, utdata, data, parametrar, notebooks, namnd or [], jobb),
                       namn="verifiera", utdata=None, vad="verifieringen kunde inte göras",
                       vid_avbrott=lambda a: [f"Avbrutet {a.orsak}. De publicerade rapporterna är orörda."])
    raise typer.Exit(kod)


def _verifiera(ar: int, utdata: Path, data: Path, parametrar: Path, notebooks: Path | None,
               namnder: list[str], jobb: int | None) -> int:
    from vbe_lib.bygg.batch import bygg
    from vbe_lib.bygg.planera import planera

    arkatalog = utdata / str(ar)
    if not arkatalog.is_dir():
        _fel(f"fel: det finns inga publicerade rapporter för planår {ar} i {utdata}.")
        return 2
    if not data.is_dir():
        _fel(f"fel: datamappen {data} finns inte – ange den med --data.")
        return 2
    try:
        konf = las_konfiguration(parametrar)
    except AnvandarFel as exc:
        for m in str(exc).splitlines():
            _fel(f"fel: {m}")
        return 2
    nbkat = notebooks or standard_notebooks()
    exempel = ar_exempeldata(data)

    manifest: dict[str, dict[str, Any]] = {}
    for fil in sorted(arkatalog.glob("*/manifest.json")):
        slug = fil.parent.name
        if slug.startswith((".", "_internt", "_logg")) or (namnder and slug not in namnder):
            continue
        m = _las_manifest(fil)
        if m is not None:
            manifest[slug] = m
    if not manifest:
        _fel(f"fel: inga publicerade rapporter med manifest för planår {ar} i {arkatalog}.")
        return 2

    allajobb = []
    ej_byggbara: dict[str, str] = {}
    for slug, m in manifest.items():
        typer_ = [k.split(":", 1)[0] for k in (m.get("notebooks") or {})]
        if slug == STAD:
            nb = nbkat / f"{STADSTYP}.ipynb"
            if nb.is_file():
                allajobb.append(stadsjobb(konf, ar, nb, exempel))
            else:
                ej_byggbara[slug] = f"notebooken {nb} finns inte"
            continue
        if slug not in konf.namnder:
            ej_byggbara[slug] = "nämnden finns inte längre i parametrarna"
            continue
        nbfiler = {t: nbkat / f"{t}.ipynb" for t in (typer_ or TYPER) if (nbkat / f"{t}.ipynb").is_file()}
        allajobb.extend(namnd_jobb(konf, slug, ar, nbfiler, exempel))

    datum_for: dict[str, dt.date] = {}
    for slug, m in manifest.items():
        try:
            datum_for[slug] = dt.date.fromisoformat(str((m.get("parametrar") or {}).get("byggdatum")))
        except ValueError:
            datum_for[slug] = dt.date.today()

    # the dataset once, validated and cached for the kernels
    with contextlib.suppress(Exception):
        from vbe_lib.indata.dataset import las_data

        las_data(data, konf, cache=True)

    from vbe_lib.presentation.fmt import antal_ord, tal

    print(f"Bygger om {tal(len(manifest))} publicerade rapportpaket för planår {ar} i en tillfällig mapp …",
          flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="vbe-verifiera-"))
    skillnader = 0
    identiska = 0
    try:
        resultat = {}
        planer = {}
        for datum in sorted(set(datum_for.values())):
            js = [j for j in allajobb if datum_for.get(j.namnd) == datum]
            if not js:
                continue
            plan = planera(js, tmp, data, parametrar, datum, konf, tving=True)
            for r in bygg(js, tmp, data, parametrar, antal_processer=jobb, byggdatum=datum, konf=konf,
                          tving=True, plan=plan):
                resultat[r.slug] = r
                planer[r.slug] = plan
        for slug in sorted(manifest, key=lambda s: visningsnamn(konf, s) if s in konf.namnder or s == STAD else s):
            m = manifest[slug]
            namn = visningsnamn(konf, slug) if (slug in konf.namnder or slug == STAD) else slug
            if slug in ej_byggbara:
                skillnader += 1
                _fel(f"{namn} ({slug}): kan inte byggas om – {ej_byggbara[slug]}.")
                continue
            r = resultat.get(slug)
            if r is None or r.status != "klar":
                skillnader += 1
                orsak = (r.felmeddelande or "").splitlines()[0] if r and r.felmeddelande else "okänt fel"
                _fel(f"{namn} ({slug}): kunde inte byggas om – {orsak}")
                continue
            olika: list[str] = []
            for fil, sha in sorted((m.get("filer") or {}).items()):
                publicerad = arkatalog / slug / fil
                ny = tmp / str(ar) / slug / fil
                if not publicerad.is_file():
                    olika.append(f"{fil} saknas bland de publicerade filerna")
                elif not ny.is_file():
                    olika.append(f"{fil} skapas inte längre")
                elif publicerad.read_bytes() != ny.read_bytes():
                    from vbe_lib.bygg.manifest import sha256_fil

                    efter = " (den publicerade filen har ändrats efter bygget)" if sha256_fil(publicerad) != sha else ""
                    olika.append(f"{fil} skiljer sig{efter}")
                else:
                    identiska += 1
            if olika:
                skillnader += len(olika)
                _fel(f"{namn} ({slug}), byggd {datum_for[slug].isoformat()}: " + "; ".join(olika) + ".")
                for orsak in _orsaker(m, planer[slug], (ar, slug)):
                    _fel(f"  trolig orsak: {orsak}")
            else:
                n = len(m.get("filer") or {})
                print(f"{namn} ({slug}): {antal_ord(n, 'fil', 'filer')} {'identisk' if n == 1 else 'identiska'}.",
                      flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if skillnader:
        print(f"{antal_ord(identiska, 'fil', 'filer')} {'identisk' if identiska == 1 else 'identiska'}, "
              f"{antal_ord(skillnader, 'skillnad', 'skillnader')}: de publicerade rapporterna för planår {ar} "
              "är inte vad indata nu ger.")
        return 1
    if identiska == 1:
        print(f"Den publicerade filen för planår {ar} är byte för byte identisk med en ny byggnad.")
    else:
        print(f"Alla {tal(identiska)} publicerade filer för planår {ar} är byte för byte identiska med en ny byggnad.")
    return 0
