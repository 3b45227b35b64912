"""The action plan (*handlingsplan*) of one committee and plan year, with the lägesbild
and the follow-up as its appendices.

The sections follow the plans the committees write today (seed 002, Södermalm 2021;
seeds 000, 001, 004):

1. **Inledning och syfte**, **Ansvar och samverkan**, **Samverkan kring individer**,
   **Rutin vid oro/händelse**, **Blankett för avidentifierad information**: the
   municipality's standard texts (``data/texter/<Y>/_kommun.md``), a section of the
   committee's own file (``<slug>.md``) replacing the common one
   (:data:`vbe_lib.indata.texter.PLAN_AVSNITT`);
2. **Lokal lägesbild**: the coordinator's text, then the lägesbild's generated summary
   (the very sentences of its "Sammanfattning") and a reference to Bilaga 1;
3. the plan year's **activities** from ``data/aktiviteter/<Y>/<slug>.*``, one section per
   group in the committee's own order: the four kinds (each opened by its text,
   "Förebyggande arbete" …) or the committee's own groups (operations, focus areas as in
   seed 003); columns as the seeds (Aktivitet, Syfte/Mål where the file has it, Ansvarig,
   Tidplan, Uppföljning) and, where activities were carried over by ``vbe revidera``,
   "Med sedan" with the plan year they came from;
4. **Uppföljning**: the status of last year's activities in one sentence, the
   coordinator's text and a reference to Bilaga 2;
5. **Bilagor**: the list of appendices; the municipality's own text appendices
   (``handlingsplan: bilagor:`` in kommun.yml) follow in full.

Every text that reaches the plan (standard texts, the coordinator's text, activity cells,
appendices) is screened for personal data like every other published text, and the
committee texts' approval decides whether the plan is marked "Utkast"
(:mod:`vbe_lib.rapporter.texter`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import Markdown

from vbe_lib.analys.aktiviteter import grupper, har_varde
from vbe_lib.indata import texter as indata_texter
from vbe_lib.indata.aktiviteter import Aktivitetslista, las_namnd
from vbe_lib.indata.dataset import Dataset
from vbe_lib.indata.texter import PLAN_AVSNITT, Namndtexter, Textavsnitt
from vbe_lib.integritet import granskning
from vbe_lib.integritet import logg as integritetslogg
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.parametrar.vocab import AKTIVITETSGRUPPER
from vbe_lib.presentation.tables import Tabell
from vbe_lib.presentation.text_uppfoljning import mening_status
from vbe_lib.rapporter import texter as rapport_texter
from vbe_lib.rapporter.lagesbild import Lagesbild
from vbe_lib.rapporter.uppfoljning import Uppfoljning, granska_aktiviteter, las_uppfoljning

Del = Any  # Markdown | Tabell

#: The standard sections in the plan's order (before the local situation picture).
STANDARDAVSNITT = ("plan_inledning", "plan_ansvar", "plan_individer", "plan_rutin", "plan_blankett")
#: The four kinds of activity → the plan's section that opens the kind's table.
GRUPPAVSNITT = {"forebyggande": "plan_forebyggande", "forhindrande": "plan_forhindrande",
                "foreningsbidrag": "plan_foreningsbidrag", "kompetenshojande": "plan_kompetenshojande"}
#: The columns of the activity tables, in the seeds' order (Syfte/Mål only where present).
AKTIVITETSKOLUMNER = {"aktivitet": "Aktivitet", "syfte": "Syfte/Mål", "ansvarig": "Ansvarig",
                      "tidplan": "Tidplan", "uppfoljning": "Uppföljning"}
MED_SEDAN = "Med sedan"
KALLA_AKTIVITETER = "Nämndens aktivitetsfil för handlingsplan {ar} (data/aktiviteter/{ar})"


def _md(*stycken: str | None) -> Markdown:
    return Markdown("\n\n".join(s for s in stycken if s))


def bilaga_lagesbild(planar: int) -> str:
    return f"Bilaga 1. Lägesbild {planar}"


def bilaga_uppfoljning(planar: int) -> str:
    return f"Bilaga 2. Uppföljning av handlingsplan {planar - 1}"


@dataclass
class Handlingsplan:
    """Everything one committee's action plan for one plan year needs."""

    konf: Konfiguration
    ds: Dataset
    namnd: str
    planar: int
    #: the lägesbild of the same committee and year (its summary and figure catalogue)
    lb: Lagesbild = field(repr=False)

    @classmethod
    def fran(cls, konf: Konfiguration, ds: Dataset, namnd: str, planar: int) -> "Handlingsplan":
        return cls(konf=konf, ds=ds, namnd=namnd, planar=planar, lb=Lagesbild.fran(konf, ds, namnd, planar))

    @property
    def n(self) -> Any:
        return self.konf.namnder[self.namnd]

    @property
    def data_dir(self) -> Path:
        return Path(self.ds.data_dir)

    # ------------------------------------------------------------------ inputs
    @cached_property
    def texter(self) -> Namndtexter:
        return indata_texter.las_namndtexter(self.data_dir, self.namnd, self.planar)

    @cached_property
    def _textlage(self) -> "_Plantexter":
        """The plan's texts, checked against the report's figures; raises
        :class:`~vbe_lib.rapporter.texter.TextFel` when one cannot be published. Prints
        the approval state (the build log) when the plan uses a text."""
        t = self.texter
        anvanda = {a.nyckel: a for a in rapport_texter.plan_avsnitt(t)}
        if not anvanda:
            return _Plantexter(self, {}, {})
        fel = [p for p in rapport_texter.kontrollera(self.lb, t) if p.ar_fel]
        if fel:
            raise rapport_texter.TextFel(fel)
        alla = rapport_texter.alla_anvanda(self.lb, t)
        # the catalogue computes every figure of the lägesbild (0.5 s): only when a text cites one
        katalog = rapport_texter.figurkatalog(self.lb) if any(True for a in alla for _ in a.figurer()) else {}
        citerade = indata_texter.figurnamn(alla)
        status = indata_texter.textstatus(t, {n: katalog[n].visat for _, _, n in citerade}, citerade)
        indata_texter.skriv_status(status)
        return _Plantexter(self, anvanda, katalog)

    @cached_property
    def aktiviteter(self) -> Aktivitetslista | None:
        """The plan year's activity file (None: the committee has none)."""
        return las_namnd(self.data_dir, self.namnd, self.planar)

    @cached_property
    def aktivitetsram(self) -> pd.DataFrame | None:
        """The plan year's activities, their text cells screened for personal data."""
        lista = self.aktiviteter
        if lista is None:
            return None
        df, _ = granska_aktiviteter(lista.df, lista.fil, self.data_dir, self.konf.integritet(self.namnd).skyddade_namn)
        return df

    @cached_property
    def uppfoljning(self) -> Uppfoljning:
        return las_uppfoljning(self.data_dir, self.konf, self.namnd, self.planar)

    # ------------------------------------------------------------------ sections
    def _avsnitt(self, nyckel: str, niva: int = 2, rubrik: str | None = None) -> list[Del]:
        """Heading and text of a section that is a text of the municipality's or the committee's."""
        delar: list[Del] = [_md(f"{'#' * niva} {rubrik or PLAN_AVSNITT[nyckel]}")]
        egna = self._textlage.markdown(nyckel)
        if egna:
            return delar + egna
        return delar + [_md(f"*Texten till avsnittet saknas: skriv den under \"## {PLAN_AVSNITT[nyckel]}\" i "
                            f"data/texter/{self.planar}/_kommun.md (gemensam för alla nämnder) eller i "
                            f"data/texter/{self.planar}/{self.namnd}.md (docs/handlingsplan.md).*")]

    def inledning(self) -> list[Del]:
        ut = [_md(f"Det här är {self.n.namn}s handlingsplan mot våldsbejakande extremism för {self.planar}. "
                  f"Den lokala lägesbilden redovisas i bilaga 1 (Lägesbild {self.planar}) och uppföljningen av "
                  f"aktiviteterna i handlingsplan {self.planar - 1} i bilaga 2 (Uppföljning av handlingsplan "
                  f"{self.planar - 1}).")]
        if self.ds.exempeldata:
            ut.append(_md("**Handlingsplanen bygger på fiktiva exempeldata och fiktiva exempeltexter.** Den "
                          "beskriver inte verkliga förhållanden."))
        return ut

    def avsnitt_standard(self) -> list[Del]:
        ut: list[Del] = []
        for nyckel in STANDARDAVSNITT:
            ut += self._avsnitt(nyckel)
        return ut

    def avsnitt_lagesbild(self) -> list[Del]:
        ut: list[Del] = [_md(f"## {PLAN_AVSNITT['plan_lagesbild']}")]
        ut += self._textlage.markdown("plan_lagesbild")
        sammanfattning = [d for d in self.lb.avsnitt_sammanfattning()
                          if not str(getattr(d, "data", "")).lstrip().startswith("#")]
        if sammanfattning:
            ut.append(_md("### Lägesbilden i korthet"))
            ut += sammanfattning
        ut.append(_md(f"Hela lägesbilden, med källor, tabeller och diagram, finns i {bilaga_lagesbild(self.planar)}."))
        return ut

    def avsnitt_aktiviteter(self) -> list[Del]:
        df = self.aktivitetsram
        if df is None:
            return [_md(f"## Aktiviteter {self.planar}",
                        f"{self.n.namn} har ingen aktivitetsfil för handlingsplan {self.planar} "
                        f"(data/aktiviteter/{self.planar}/{self.namnd}.xlsx), så planens aktiviteter kan inte "
                        f"redovisas. Filen skapas med `vbe revidera --ar {self.planar - 1}`, som för över de "
                        "aktiviteter som inte är klara, och fylls sedan på med årets nya aktiviteter.")]
        if df.empty:
            return [_md(f"## Aktiviteter {self.planar}",
                        f"Aktivitetsfilen för handlingsplan {self.planar} innehåller inga aktiviteter.")]
        ut: list[Del] = []
        finns = grupper(df)
        # the four kinds in the seeds' order (a kind without activities says so), then the
        # committee's own groups in the file's order; a committee that groups its plan by
        # operation or focus area only (seed 003) gets its own groups only
        standard = any(AKTIVITETSGRUPPER.hitta(g) in GRUPPAVSNITT for g in finns)
        for nyckel, avsnitt in (GRUPPAVSNITT.items() if standard else ()):
            g = AKTIVITETSGRUPPER.etikett(nyckel)
            ut += self._avsnitt(avsnitt)
            ut.append(_md(f"### {g}"))
            if g in finns:
                ut.append(self._aktivitetstabell(df[df["grupp"] == g], g))
            else:
                ut.append(_md(f"Handlingsplan {self.planar} har inga aktiviteter i gruppen {g.lower()}."))
        for g in finns:
            if AKTIVITETSGRUPPER.hitta(g) in GRUPPAVSNITT:
                continue
            ut.append(_md(f"## {g}"))
            ut.append(self._aktivitetstabell(df[df["grupp"] == g], g))
        return ut

    def _aktivitetstabell(self, d: pd.DataFrame, grupp: str) -> Tabell:
        kolumner = [k for k in AKTIVITETSKOLUMNER if k != "syfte" or d["syfte"].map(har_varde).any()]
        tab = pd.DataFrame({AKTIVITETSKOLUMNER[k]: [v if har_varde(v) else "" for v in d[k]] for k in kolumner})
        noter: list[str] = []
        ursprung = [int(u) if har_varde(u) and int(u) < self.planar else None for u in d["ursprung"]]
        if any(u is not None for u in ursprung):
            tab[MED_SEDAN] = [str(u) if u is not None else "ny" for u in ursprung]
            noter.append(f"{MED_SEDAN}: året för handlingsplanen där aktiviteten kom med första gången; den har "
                         f"förts över till {self.planar} eftersom den inte var klar. \"ny\": ny i handlingsplan "
                         f"{self.planar}.")
        return Tabell(tab, f"{grupp}, handlingsplan {self.planar}, {self.n.kortnamn}.",
                      KALLA_AKTIVITETER.format(ar=self.planar), noter=noter, radrubrik=False)

    def avsnitt_uppfoljning(self) -> list[Del]:
        u = self.uppfoljning
        ut: list[Del] = [_md(f"## {PLAN_AVSNITT['plan_uppfoljning']}")]
        if u.saknas:
            ut.append(_md(f"Det finns ingen aktivitetsfil för handlingsplan {u.foljs_upp}, så det finns ingen "
                          "uppföljning att redovisa."))
        elif u.df.empty:
            ut.append(_md(f"Aktivitetsfilen för handlingsplan {u.foljs_upp} innehåller inga aktiviteter."))
        else:
            ut.append(_md(f"Uppföljning av handlingsplan {u.foljs_upp}: {mening_status(u.df)}"))
        ut += self._textlage.markdown("plan_uppfoljning")
        ut.append(_md(f"Status och kommentar för varje aktivitet redovisas i {bilaga_uppfoljning(self.planar)}."))
        return ut

    def avsnitt_bilagor(self) -> list[Del]:
        egna = self.konf.kommun.handlingsplan.bilagor
        rader = [f"- {bilaga_lagesbild(self.planar)}", f"- {bilaga_uppfoljning(self.planar)}"]
        rader += [f"- Bilaga {i}. {b.rubrik}" for i, b in enumerate(egna, start=3)]
        ut: list[Del] = [_md("## Bilagor", "\n".join(rader))]
        for i, b in enumerate(egna, start=3):
            ut.append(_md(f"## Bilaga {i}. {b.rubrik}"))
            ut += self._textlage.bilaga(b.fil, b.rubrik)
        return ut

    def alla_avsnitt(self) -> list[Del]:
        ut: list[Del] = []
        for f in (self.inledning, self.avsnitt_standard, self.avsnitt_lagesbild, self.avsnitt_aktiviteter,
                  self.avsnitt_uppfoljning, self.avsnitt_bilagor):
            ut.extend(f())
        return ut


@dataclass
class _Plantexter:
    """The plan's texts as they go into it: figures inserted as the report shows them,
    screened paragraph by paragraph, emitted as Markdown (the renderers sanitize it)."""

    plan: Handlingsplan
    anvanda: dict[str, Textavsnitt]
    katalog: dict[str, Any]

    def markdown(self, nyckel: str) -> list[Markdown]:
        a = self.anvanda.get(nyckel)
        if a is None:
            return []
        text, undanhallna, logg = rapport_texter.granskad_text(self.plan.lb, a, self.katalog)
        integritetslogg.skriv_logg(logg)
        return self._med_meddelande(text, undanhallna)

    def bilaga(self, fil: str, rubrik: str) -> list[Markdown]:
        """A text appendix of the municipality's (``data/texter/<Y>/bilagor/<fil>``), screened."""
        p = self.plan
        etikett = f"{indata_texter.MAPP}/{p.planar}/bilagor/{fil}"
        sokvag = p.data_dir / etikett
        try:
            text = sokvag.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return [_md(f"*Bilagan \"{rubrik}\" saknas: filen {etikett} finns inte eller går inte att läsa.*")]
        text, undanhallna, logg = granskning.granska_stycken(text, p.lb.skyddade_namn, etikett)
        integritetslogg.skriv_logg(logg)
        return self._med_meddelande(text, undanhallna)

    @staticmethod
    def _med_meddelande(text: str, undanhallna: int) -> list[Markdown]:
        ut = [Markdown(text)]
        if undanhallna:
            ut.append(Markdown("*" + granskning.meddelande_undanhallna_texter(
                undanhallna, ("stycke", "stycken", "det")) + "*"))
        return ut


def visa(delar: list[Del]) -> None:
    """Display the parts of the plan in a notebook."""
    from IPython.display import display

    for d in delar:
        display(d)


__all__ = ["Handlingsplan", "bilaga_lagesbild", "bilaga_uppfoljning", "visa"]
