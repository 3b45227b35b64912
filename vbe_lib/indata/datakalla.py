"""``data/datakalla.yml``: what the data folder says about itself (stdlib + PyYAML only,
cheap to import for the CLI)."""
from __future__ import annotations

from pathlib import Path


def ar_exempeldata(data_dir: str | Path) -> bool:
    """True when ``datakalla.yml`` says ``exempeldata: true``, or when the file exists
    but cannot be read (better to mark real data as fictitious than the other way)."""
    fil = Path(data_dir) / "datakalla.yml"
    if not fil.is_file():
        return False
    try:
        from vbe_lib.parametrar.yamlfil import las_yaml

        innehall = las_yaml(fil) or {}
        v = innehall.get("exempeldata", False) if isinstance(innehall, dict) else True
        return v if isinstance(v, bool) else True
    except Exception:  # noqa: BLE001
        return True


#: Event lists (one row per event) whose delivery ``datakalla.yml`` can describe.
HANDELSELISTOR = ("blanketter", "ia", "klotter")


def leveranser(innehall: dict, konf, fil: Path) -> tuple[dict[str, set[int]], dict[str, set[str]], list]:
    """The keys ``ej_levererat`` (source → years the source was not delivered: those
    years are *uppgift saknas* for every committee) and ``inga_handelser`` (source →
    committees that had no events at all in the years covered: zero, not missing) of
    ``datakalla.yml`` → (years, slugs, problems). docs/datakontrakt.md, "datakalla.yml"."""
    import yaml

    from vbe_lib.indata.problem import Problem

    rader: dict[tuple, int] = {}
    try:
        nod = yaml.compose(fil.read_text(encoding="utf-8-sig"))
        if isinstance(nod, yaml.MappingNode):
            for k, v in nod.value:
                rader[(k.value,)] = k.start_mark.line + 1
                if isinstance(v, yaml.MappingNode):
                    for k2, v2 in v.value:
                        rader[(k.value, k2.value)] = k2.start_mark.line + 1
    except Exception:  # noqa: BLE001 - the caller has already reported broken YAML
        pass
    ej: dict[str, set[int]] = {}
    inga: dict[str, set[str]] = {}
    problem: list = []

    def fel(sokvag: tuple, varde: object, forvantat: str) -> None:
        problem.append(Problem("datakalla.yml", rad=rader.get(sokvag) or rader.get(sokvag[:1]),
                               kolumn=".".join(sokvag), varde=str(varde), forvantat=forvantat))

    for nyckel, ut, tolka in (("ej_levererat", ej, "ar"), ("inga_handelser", inga, "namnd")):
        del_ = innehall.get(nyckel)
        if del_ is None:
            continue
        if not isinstance(del_, dict):
            fel((nyckel,), del_, f"källa: lista, t.ex. '{nyckel}:' och under den "
                                 + ("'  klotter: [2019]'" if tolka == "ar" else "'  blanketter: [<nämnd>]'"))
            continue
        for kalla, lista in del_.items():
            if kalla not in HANDELSELISTOR:
                fel((nyckel, str(kalla)), kalla, f"en av händelselistorna {', '.join(HANDELSELISTOR)}")
                continue
            lista = lista if isinstance(lista, list) else [lista]
            for v in lista:
                if tolka == "ar":
                    if isinstance(v, bool) or not isinstance(v, int) or not 1990 <= v <= 2100:
                        fel((nyckel, kalla), v, "ett årtal (ÅÅÅÅ)")
                        continue
                    ut.setdefault(kalla, set()).add(int(v))
                else:
                    slug = konf.hitta(str(v)) if v is not None else None
                    if slug is None:
                        fel((nyckel, kalla), v, konf.okant_namn_meddelande(str(v)) if v is not None
                            else "en nämnd")
                        continue
                    ut.setdefault(kalla, set()).add(slug)
    return ej, inga, problem
