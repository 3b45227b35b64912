"""The house in order: stage packages, no import cycles, the example-data generator off
the runtime path, and docs/DESIGN.md naming every package and module that exists."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
PAKET = ROT / "vbe_lib"


def _moduler() -> dict[str, Path]:
    ut = {}
    for f in PAKET.rglob("*.py"):
        delar = list(f.relative_to(ROT).with_suffix("").parts)
        if delar[-1] == "__init__":
            delar = delar[:-1]
        ut[".".join(delar)] = f
    return ut


def _importer(namn: str, fil: Path, moduler: dict[str, Path]) -> set[str]:
    """Every vbe_lib module ``fil`` imports, at top level or inside functions."""
    bas = namn.split(".") if fil.name == "__init__.py" else namn.split(".")[:-1]
    ut: set[str] = set()
    for nod in ast.walk(ast.parse(fil.read_text(encoding="utf-8"))):
        if isinstance(nod, ast.Import):
            kandidater = {a.name for a in nod.names}
        elif isinstance(nod, ast.ImportFrom):
            rot = ".".join(bas[: len(bas) - nod.level + 1]) if nod.level else ""
            mod = ".".join(x for x in (rot, nod.module or "") if x)
            kandidater = {mod} | {f"{mod}.{a.name}" for a in nod.names}
        else:
            continue
        for k in kandidater:
            # "import vbe_lib.a.b" also imports the packages on the way
            delar = k.split(".")
            for i in range(1, len(delar) + 1):
                m = ".".join(delar[:i])
                if m in moduler and m != namn and not namn.startswith(m + "."):
                    ut.add(m)
    return ut


def _graf() -> dict[str, set[str]]:
    moduler = _moduler()
    return {n: _importer(n, f, moduler) for n, f in moduler.items()}


def test_inga_importcirklar():
    graf = _graf()
    index: dict[str, int] = {}
    lag: dict[str, int] = {}
    stack: list[str] = []
    pa: set[str] = set()
    cirklar: list[list[str]] = []
    raknare = [0]

    def besok(v: str) -> None:
        index[v] = lag[v] = raknare[0]
        raknare[0] += 1
        stack.append(v)
        pa.add(v)
        for w in graf[v]:
            if w not in index:
                besok(w)
                lag[v] = min(lag[v], lag[w])
            elif w in pa:
                lag[v] = min(lag[v], index[w])
        if lag[v] == index[v]:
            komp = []
            while True:
                w = stack.pop()
                pa.discard(w)
                komp.append(w)
                if w == v:
                    break
            if len(komp) > 1:
                cirklar.append(sorted(komp))

    for v in graf:
        if v not in index:
            besok(v)
    assert cirklar == [], f"moduler som importerar varandra: {cirklar}"


def test_exempeldata_inte_pa_korvagen():
    """Only the ``vbe exempeldata`` command (and the generator itself) import the generator."""
    graf = _graf()
    for modul, beroenden in graf.items():
        if modul.startswith("vbe_lib.exempeldata") or modul == "vbe_lib.cli.exempeldata":
            continue
        assert not any(b.startswith("vbe_lib.exempeldata") for b in beroenden), modul


def test_inga_platta_moduler_utanfor_paketen():
    """Every job lives in a stage package: nothing but ``__init__.py`` directly in vbe_lib/."""
    assert sorted(p.name for p in PAKET.glob("*.py")) == ["__init__.py"]


def test_design_namner_varje_paket_och_modul():
    text = (ROT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    for f in sorted(PAKET.rglob("*.py")):
        rel = f.relative_to(ROT).as_posix()
        if f.name == "__main__.py":
            continue
        if f.name == "__init__.py":
            assert f"`{f.parent.relative_to(ROT).as_posix()}/`" in text, f"DESIGN.md nämner inte {f.parent}"
        else:
            assert f.name in text, f"DESIGN.md nämner inte {rel}"
    for namn in re.findall(r"`(vbe_lib/[\w/.-]+)`", text):
        assert (ROT / namn).exists(), f"DESIGN.md nämner {namn}, som inte finns"


def test_lagren_importerar_bara_nedat():
    """Stages import only stages below them (parametrar < indata < analys < integritet,
    presentation < rapporter; bygg and cli on top; render is used by reports and build)."""
    niva = {"parametrar": 0, "indata": 1, "analys": 2, "presentation": 3, "integritet": 3, "render": 4,
            "rapporter": 5, "bygg": 6, "cli": 7, "exempeldata": 7}
    #: the few arrows that run up, each with its reason
    undantag = {
        # vbe validera warns about the texts that the reports will withhold
        ("vbe_lib.indata.validera", "vbe_lib.integritet.granskning"),
        ("vbe_lib.indata.validera", "vbe_lib.integritet"),
        # vbe importera warns, with line numbers, about police paragraphs the reports will withhold
        ("vbe_lib.indata.importera.polis", "vbe_lib.integritet.granskning"),
        ("vbe_lib.indata.importera.polis", "vbe_lib.integritet"),
        # ... and refuses the Markdown texts (police) that the sanitizer would change
        ("vbe_lib.indata.validera", "vbe_lib.integritet.sanering"),
        # vbe validera checks the figures the committees' own texts cite against the report's catalogue
        ("vbe_lib.indata.validera", "vbe_lib.rapporter.textkontroll"),
        ("vbe_lib.indata.validera", "vbe_lib.rapporter"),
        # vbe revidera writes next year's activity files as workbooks, like the published follow-up
        ("vbe_lib.indata.revidera", "vbe_lib.render.xlsx"),
        ("vbe_lib.indata.revidera", "vbe_lib.render"),
        ("vbe_lib.indata.revidera", "vbe_lib.presentation.fmt"),
        ("vbe_lib.indata.revidera", "vbe_lib.presentation"),
    }
    for modul, beroenden in _graf().items():
        delar = modul.split(".")
        if len(delar) < 2 or delar[1] not in niva:
            continue
        for b in beroenden:
            bd = b.split(".")
            if len(bd) < 2 or bd[1] not in niva or bd[1] == delar[1] or (modul, b) in undantag:
                continue
            assert niva[bd[1]] <= niva[delar[1]], f"{modul} importerar {b} (ett högre lager)"
