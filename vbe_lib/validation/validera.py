"""``validera(data_dir, konf, planar)``: every problem in the input data, errors first."""
from __future__ import annotations

from pathlib import Path

from vbe_lib.validation.problem import Problem, sortera


def validera(data_dir: str | Path, konf, planar: int | None = None, cache: bool = False, ds=None) -> list[Problem]:
    """Validate the whole data folder; with ``planar`` also what plan year ``planar``
    requires (the survey of that year). Never raises on bad data.

    ``ds``: an already loaded :class:`vbe_lib.data.Dataset` of ``data_dir`` (saves a reload).
    """
    from vbe_lib.data import hitta_kallfil, las_data

    data_dir = Path(data_dir)
    if ds is None:
        ds = las_data(data_dir, konf, cache=cache)
    problem = list(ds.problem)
    # Activity files (follow-up) have their own reader and rules.
    from vbe_lib.aktiviteter.las import validera as validera_aktiviteter

    sett = {str(p) for p in problem}
    for p in _aktiviteter_cachade(data_dir, konf, planar, validera_aktiviteter):
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
                problem.append(Problem(etikett, forvantat=f"filen saknas men krävs för planår {planar} "
                                       f"(enkäten besvaras under planåret); den kan också heta {bas}.xlsx"))
    return sortera(problem)


def sammanfattning(problem: list[Problem], antal_filer: int) -> str:
    """'3 fel och 2 varningar i 11 filer.'"""
    fel = sum(1 for p in problem if p.ar_fel)
    varn = len(problem) - fel
    f = f"{fel} fel"
    v = f"{varn} {'varning' if varn == 1 else 'varningar'}"
    filer = f"{antal_filer} {'fil' if antal_filer == 1 else 'filer'}"
    return f"{f} och {v} i {filer}."


def _aktiviteter_cachade(data_dir: Path, konf, planar: int | None, validera_aktiviteter) -> list[Problem]:
    """The activity files' problems, reused from the data cache while the files, the
    parameters and the reading code are unchanged (reading every spreadsheet with
    openpyxl is the slow part of a validation)."""
    import hashlib

    from vbe_lib import aktiviteter
    from vbe_lib.data import cachad_berakning

    rot = data_dir / "aktiviteter"
    delar = [str(data_dir.resolve()), str(planar), konf.kommun.model_dump_json()]
    delar += [konf.namnder[s].model_dump_json() for s in sorted(konf.namnder)]
    if rot.is_dir():
        for p in sorted(rot.rglob("*")):
            if p.is_file():
                delar.append(f"{p.relative_to(rot).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}")
            else:
                delar.append(p.relative_to(rot).as_posix() + "/")
    kod = sorted(Path(aktiviteter.__file__).parent.glob("*.py"))
    return cachad_berakning(data_dir, f"aktivitetskontroll-{planar}", delar, kod,
                            lambda: list(validera_aktiviteter(data_dir, konf, planar)))
