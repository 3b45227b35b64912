"""One problem found in the input data, reported to the user as one Swedish line."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Iterable, Literal

Allvarlighet = Literal["fel", "varning"]


@dataclass
class Problem:
    """A problem in an input file.

    ``rad`` is the line number the user sees in Excel or a text editor (the header is
    row 1, the first data row is row 2); ``None`` when the problem concerns the whole
    file. ``kolumn`` is the column header as written in the file. ``varde`` is the
    offending value as written (``None`` when there is no single value). ``forvantat``
    says what was expected (a Swedish phrase, e.g. "ett heltal ≥ 0"). ``meddelande``
    replaces the standard sentence when set. ``namnd`` is the slug of the committee whose
    data the problem concerns (``None`` = the whole file / unknown committee). ``kalla``
    is the source the file belongs to (a name in ``parametrar.konfiguration.ALLA_KALLOR``:
    ``brott``, ``enkat``, ``aktiviteter`` …; ``None`` = not one source, e.g. the data
    folder or ``datakalla.yml``): a problem stops only the reports that use that source.
    """

    fil: str
    rad: int | None = None
    kolumn: str | None = None
    varde: str | None = None
    forvantat: str = ""
    allvarlighet: Allvarlighet = "fel"
    namnd: str | None = None
    meddelande: str | None = None
    kalla: str | None = None

    @property
    def ar_fel(self) -> bool:
        return self.allvarlighet == "fel"

    def plats(self) -> str:
        delar = [self.fil]
        if self.rad is not None:
            delar.append(f"rad {self.rad}")
        if self.kolumn is not None:
            delar.append(f'kolumn "{self.kolumn}"')
        return ", ".join(delar)

    def text(self) -> str:
        """The message without the location."""
        if self.meddelande:
            t = self.meddelande
        elif self.varde is not None:
            if str(self.varde).strip() == "":
                t = "värdet saknas"
            else:
                t = f'värdet "{_kort(self.varde)}" är inte tillåtet'
            if self.forvantat:
                t += f" – förväntade {self.forvantat}"
        else:
            t = self.forvantat or "okänt problem"
        t = t.strip()
        if not t.endswith((".", "?", "!")):
            t += "."
        return t

    def __str__(self) -> str:
        prefix = "varning: " if self.allvarlighet == "varning" else ""
        return f"{prefix}{self.plats()}: {self.text()}"


def till_json(problem: Iterable[Problem]) -> list[dict]:
    """Problems (and readings, :class:`vbe_lib.parametrar.ordlistor.Tolkning`, marked
    ``"_typ": "tolkning"``) as plain JSON values (for the data cache)."""
    return [asdict(p) if isinstance(p, Problem) else {**asdict(p), "_typ": "tolkning"} for p in problem]


def fran_json(data: list[dict]) -> list[Problem]:
    """The inverse of :func:`till_json`; raises on anything that is not such a list."""
    if not isinstance(data, list):
        raise ValueError("inte en lista av problem")
    from vbe_lib.parametrar.ordlistor import Tolkning

    kanda = {f.name for f in fields(Problem)}
    kanda_tolkning = {f.name for f in fields(Tolkning)}
    ut = []
    for d in data:
        if isinstance(d, dict) and d.get("_typ") == "tolkning":
            d = {k: v for k, v in d.items() if k != "_typ"}
            if not set(d) <= kanda_tolkning or not all(isinstance(d.get(k), str) for k in ("fil", "kolumn", "varde")):
                raise ValueError("inte en tolkning")
            ut.append(Tolkning(**d))
            continue
        if not isinstance(d, dict) or not set(d) <= kanda or not isinstance(d.get("fil"), str):
            raise ValueError("inte ett problem")
        ut.append(Problem(**d))
    return ut


def _kort(v: object, n: int = 60) -> str:
    s = str(v).replace("\n", " ").replace("\r", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def sortera(problem: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings; within each by file and row (stable otherwise)."""
    return sorted(problem, key=lambda p: (p.allvarlighet != "fel", p.fil, p.rad if p.rad is not None else -1))


def problem_for_namnd(problem: Iterable[Problem], slug: str, konf=None, bara_fel: bool = True) -> list[Problem]:
    """The problems that stop a report for committee ``slug``.

    A problem counts when it concerns a source the committee's reports use (``kalla`` in
    the committee's ``kallor``, or no particular source) and either the committee itself,
    one of its predecessors (their data go into its time series, ``konf.linje``) or a
    whole file (``namnd is None``: a required file missing, a row whose committee name is
    unknown – such a row may belong to any committee, so it stops every report that uses
    the file). A slug that is no committee (the city summary ``_stad``) uses every source
    and is stopped only by problems that concern no single committee. With ``bara_fel``
    (default) warnings are left out.
    """
    namnder = getattr(konf, "namnder", {}) if konf is not None else {}
    n = namnder.get(slug)
    linje = set(konf.linje(slug)) if n is not None else {slug}
    kallor = set(n.kallor) if n is not None and getattr(n, "kallor", None) is not None else None
    return [
        p for p in problem
        if (not bara_fel or p.ar_fel)
        and (p.namnd is None or p.namnd in linje)
        and (p.kalla is None or kallor is None or p.kalla in kallor)
    ]


def _radintervall(rader: list[int]) -> str:
    """``[2, 3, 4, 9, 11, 12]`` -> ``"2–4, 9 och 11–12"`` (sorted, distinct)."""
    delar: list[str] = []
    rader = sorted(set(rader))
    i = 0
    while i < len(rader):
        j = i
        while j + 1 < len(rader) and rader[j + 1] == rader[j] + 1:
            j += 1
        delar.append(str(rader[i]) if i == j else f"{rader[i]}–{rader[j]}")
        i = j + 1
    return delar[0] if len(delar) == 1 else ", ".join(delar[:-1]) + " och " + delar[-1]


def samla_rader(problem: Iterable[Problem], minst: int = 3) -> list[str]:
    """The problems as Swedish lines, where ``minst`` or more problems that differ only in
    their row (same severity, file, column and message) become one line naming every row:
    ``data/brott.csv, rad 2–46 (45 rader), kolumn "antal": värdet saknas – …``.

    Nothing is dropped: every row of the group is named (as ranges), and the lines keep the
    order of the first problem of each group. For a reader (the preview's error page) the
    same facts as one line per problem, without 45 identical sentences to scroll past.
    """
    problem = list(problem)
    grupper: dict[tuple, list[Problem]] = {}
    for p in problem:
        if p.rad is not None:
            grupper.setdefault((p.allvarlighet, p.fil, p.kolumn, p.text()), []).append(p)
    ut: list[str] = []
    skrivna: set[tuple] = set()
    for p in problem:
        nyckel = (p.allvarlighet, p.fil, p.kolumn, p.text())
        grupp = grupper.get(nyckel) if p.rad is not None else None
        if grupp is None or len({q.rad for q in grupp}) < minst:
            ut.append(str(p))
            continue
        if nyckel in skrivna:
            continue
        skrivna.add(nyckel)
        rader = [q.rad for q in grupp if q.rad is not None]
        plats = f"{p.fil}, rad {_radintervall(rader)} ({len(set(rader))} rader)"
        if p.kolumn is not None:
            plats += f', kolumn "{p.kolumn}"'
        prefix = "varning: " if p.allvarlighet == "varning" else ""
        ut.append(f"{prefix}{plats}: {p.text()}")
    return ut
