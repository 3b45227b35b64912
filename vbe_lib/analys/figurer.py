"""The figures of a committee's lägesbild by name (``vbe figurer``, ``{{ namn }}`` in texts).

:func:`berakna` computes every figure the report prints, with the same analysis calls
the report makes (:mod:`vbe_lib.rapporter.lagesbild`), as raw values with a format key
and the section that prints it. Formatting (:mod:`vbe_lib.presentation.fmt`) and the
privacy decision – which of these the published report hides – are the report's
(:mod:`vbe_lib.rapporter.texter`); a figure that counts persons carries ``skydd``, the
published cell it corresponds to.

Names are ``<källa>.<vad>[.<del>]``, lower case ASCII with ``_``; years as four digits.
Every name is documented in ``docs/texter.md``; the list below is the reference:

* ``rapport.planar``, ``rapport.dataar`` – the plan year Y and the year the counts cover (Y−1)
* ``brott.<kategori>.senaste`` (Y−1), ``.senaste_ar``, ``.foregaende`` (Y−2), ``.foregaende_ar``, ``.forandring``,
  ``.forandring_procent``, ``.hogsta``, ``.hogsta_ar``, ``.lagsta``, ``.lagsta_ar``,
  ``.<år>`` for hets mot folkgrupp; ``brott.<kategori>.senaste`` for the other categories
* ``sammankomster.tillstand.senaste``, ``sammankomster.utan_tillstand.senaste``, ``….<år>``
* ``orosanmalningar.senaste``, ``orosanmalningar.<år>``, ``orosanmalningar.arenden.senaste``,
  ``orosanmalningar.arenden.<år>`` (persons: hidden where the report hides them)
* ``blanketter.antal``, ``.foregaende``, ``.forandring``, ``.forandring_procent``, ``.<år>``,
  ``blanketter.avsandare.<avsändare>``, ``blanketter.miljo.<miljö>``
* ``ia.antal``, ``ia.felmarkerade``, ``ia.med_koppling``, ``ia.staden``, ``ia.staden_felmarkerade``, ``ia.<år>``
* ``klotter.antal``, ``klotter.kalla.<källa>``, ``klotter.typ.<slag>``
* ``enkat.<grupp>.svar``, ``.tillfragade``, ``.svarsfrekvens``, ``.kunskap.medel``,
  ``.kunskap.median``, ``.kunskap.antal_svar``, ``.kunskap.niva<1–5>.antal``/``.andel``,
  ``.kunskap.medel_foregaende``, ``.kannedom.<sak>.chefer``/``.medarbetare``,
  ``.handelser.antal``, ``.handelser.miljo.<miljö>``, ``.handelser.typ.<slag>``,
  ``.atgard.<åtgärd>.enheter``, ``.samverkan.<partner>.andel`` (grupp ``intern``/``extern``);
  ``enkat.fackforvaltning.<nämnd>.enheter``, ``….kunskap.medel``/``.median``/``.antal_svar``
* ``webbutbildning.genomforda``, ``.pagaende``, ``.anstallda``, ``.andel_genomforda``
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from vbe_lib.analys import brott, enkat, handelser, webb
from vbe_lib.analys.saknas import ar_saknas
from vbe_lib.parametrar import vocab

__all__ = ["Figurvarde", "FORMAT", "KALLA_FOR_PREFIX", "berakna"]

#: How a figure is shown (see :func:`vbe_lib.rapporter.texter.formatera`).
FORMAT = ("antal", "ar", "decimal1", "decimal2", "median", "procent", "tecken", "procent_forandring")
#: The data source behind a name's first part (``rapport`` needs none).
KALLA_FOR_PREFIX = {
    "brott": "brott", "sammankomster": "sammankomster", "orosanmalningar": "orosanmalningar",
    "blanketter": "blanketter", "ia": "ia", "klotter": "klotter", "enkat": "enkat",
    "webbutbildning": "webbutbildning", "rapport": None,
}
#: The survey groups with figures of their own, and what the report calls them.
GRUPPER = ("intern", "extern")


@dataclass(frozen=True)
class Figurvarde:
    """One figure of the report: ``varde`` is None when the report says "uppgift saknas"."""

    namn: str
    avsnitt: str          # section key (vbe_lib.indata.texter.AVSNITT)
    varde: Any
    format: str
    beskrivning: str      # Swedish, for `vbe figurer`
    skydd: tuple = ()     # the published cell of a count of persons; () = published as it is


def _liten_forsta(s: str) -> str:
    """'Anmälan i IA' → 'anmälan i IA' (an abbreviation such as 'IA' keeps its case)."""
    return s if len(s) >= 2 and s[1].isupper() else s[:1].lower() + s[1:]


def _v(x: Any) -> Any:
    """A plain Python value (None for missing)."""
    if x is None or ar_saknas(x):
        return None
    if isinstance(x, bool):
        return int(x)
    f = float(x)
    return int(f) if f.is_integer() and not isinstance(x, float) else f


class _Samlare:
    def __init__(self) -> None:
        self.ut: list[Figurvarde] = []

    def __call__(self, namn: str, avsnitt: str, varde: Any, format: str, beskrivning: str,
                 skydd: tuple = ()) -> None:
        assert format in FORMAT, format
        self.ut.append(Figurvarde(namn, avsnitt, _v(varde), format, beskrivning, skydd))


def _serie(f: _Samlare, prefix: str, avsnitt: str, k: dict[str, Any], vad: str, serie: pd.DataFrame | None = None,
           senaste: str = "senaste", ar_fran: int | None = None) -> None:
    """The key figures of a yearly series (``brott.nyckeltal``) and, with ``serie``, each year."""
    ar = k.get("senaste_ar")
    if ar is None:
        return
    f(f"{prefix}.{senaste}", avsnitt, k.get("senaste"), "antal", f"{vad} {ar}")
    f(f"{prefix}.foregaende", avsnitt, k.get("foregaende"), "antal", f"{vad} {k['foregaende_ar']}")
    f(f"{prefix}.forandring", avsnitt, k.get("forandring"), "tecken",
      f"{vad}: förändring {k['foregaende_ar']}–{ar}")
    f(f"{prefix}.forandring_procent", avsnitt, k.get("procent"), "procent_forandring",
      f"{vad}: förändring {k['foregaende_ar']}–{ar} i procent")
    if serie is not None:
        for a, v in zip(serie["ar"], serie["antal"]):
            if ar_fran is None or int(a) >= ar_fran:
                f(f"{prefix}.{int(a)}", avsnitt, v, "antal", f"{vad} {int(a)}")


def berakna(ds: Any, konf: Any, slug: str, planar: int) -> list[Figurvarde]:
    """Every figure of ``slug``'s lägesbild for plan year ``planar`` (sources the
    committee does not report give none)."""
    n = konf.namnd(slug)
    linje = konf.linje(slug)
    dataar = planar - 1
    kallor = set(n.kallor)
    f = _Samlare()
    f("rapport.planar", "inledning", planar, "ar", "Planåret (handlingsplanens år; enkäten besvarades då)")
    f("rapport.dataar", "inledning", dataar, "ar", "Året som antal händelser, anmälningar och brott gäller")

    if "brott" in kallor:
        serie = brott.serie(ds.brott, linje, till_ar=dataar)
        k = brott.nyckeltal(serie)
        if k.get("senaste") is not None:
            p, vad = "brott.hets_mot_folkgrupp", "Anmälda brott om hets mot folkgrupp"
            _serie(f, p, "brott", k, vad, serie)
            f(f"{p}.senaste_ar", "brott", k["senaste_ar"], "ar", f"{vad}: året som .senaste gäller")
            f(f"{p}.foregaende_ar", "brott", k["foregaende_ar"], "ar", f"{vad}: året som .foregaende gäller")
            for nyckel, t in (("hogsta", "högsta"), ("lagsta", "lägsta")):
                if k.get(nyckel):
                    a, v = k[nyckel]
                    f(f"{p}.{nyckel}", "brott", v, "antal", f"{vad}: {t} antal under perioden")
                    f(f"{p}.{nyckel}_ar", "brott", a, "ar", f"{vad}: året med {t} antal")
            ovriga = brott.kategorier_ar(ds.brott, linje, dataar)
            for r in ovriga.itertuples():
                if r.kategori != "hets_mot_folkgrupp":
                    f(f"brott.{r.kategori}.senaste", "brott", r.antal, "antal", f"Anmälda brott, {r.etikett.lower()}, "
                                                                                 f"{dataar}")

    if "sammankomster" in kallor:
        ar_df = brott.sammankomster_ar(ds.sammankomster, linje, dataar)
        varden = dict(zip(ar_df["tillstand"], ar_df["antal"]))
        for nyckel in vocab.SAMMANKOMST_TILLSTAND.nycklar:
            et = vocab.SAMMANKOMST_TILLSTAND.etikett(nyckel).lower()
            f(f"sammankomster.{nyckel}.senaste", "sammankomster", varden.get(nyckel), "antal",
              f"Allmänna sammankomster, {et}, {dataar}")
            s = brott.sammankomster(ds.sammankomster, linje, tillstand=nyckel, till_ar=dataar)
            for r in s[s["ar"] >= dataar - 4].itertuples():
                f(f"sammankomster.{nyckel}.{int(r.ar)}", "sammankomster", r.antal, "antal",
                  f"Allmänna sammankomster, {et}, {int(r.ar)}")

    if "orosanmalningar" in kallor:
        for typ, p, vad in (("orosanmalan", "orosanmalningar", "Orosanmälningar"),
                            ("arende", "orosanmalningar.arenden", "Ärenden hos socialtjänsten")):
            s = handelser.oros_per_ar(ds.orosanmalningar, linje, typ, till_ar=dataar)
            if s["antal"].isna().all():
                continue
            v = s.loc[s["ar"] == dataar, "antal"]
            f(f"{p}.senaste", "orosanmalningar", v.iloc[0] if len(v) else None, "antal", f"{vad} {dataar}",
              ("oros", typ, dataar))
            for r in s[s["ar"] >= dataar - 4].itertuples():
                f(f"{p}.{int(r.ar)}", "orosanmalningar", r.antal, "antal", f"{vad} {int(r.ar)}", ("oros", typ, int(r.ar)))

    if "blanketter" in kallor:
        serie = handelser.blanketter_per_ar(ds.blanketter, linje, till_ar=dataar)
        k = brott.nyckeltal(serie)
        if k.get("senaste") is not None:
            _serie(f, "blanketter", "blanketter", k, "Blanketter för avidentifierad information", serie, senaste="antal")
            avs = handelser.per_kategori(ds.blanketter, linje, "avsandare", dataar, vocab.BLANKETT_AVSANDARE)
            for r in avs.itertuples():
                f(f"blanketter.avsandare.{r.avsandare}", "blanketter", r.antal, "antal",
                  f"Blanketter {dataar} från {r.etikett.lower()}")
            miljo = handelser.per_kategori(ds.blanketter, linje, "miljo", dataar, vocab.MILJOER)
            for r in miljo.itertuples():
                f(f"blanketter.miljo.{r.miljo}", "blanketter", r.antal, "antal", f"Blanketter {dataar}, {r.etikett.lower()}")

    if "ia" in kallor:
        k = handelser.ia_nyckeltal(ds.ia, linje, dataar)
        for nyckel, namn, vad in (("antal", "antal", "IA-anmälningar med VBE ikryssat"),
                                  ("felmarkerade", "felmarkerade", "IA-anmälningar utan koppling till VBE"),
                                  ("vbe", "med_koppling", "IA-anmälningar med koppling till VBE"),
                                  ("staden", "staden", "IA-anmälningar med VBE ikryssat i hela staden"),
                                  ("staden_felmarkerade", "staden_felmarkerade",
                                   "IA-anmälningar i hela staden utan koppling till VBE")):
            f(f"ia.{namn}", "ia", k.get(nyckel), "antal", f"{vad} {dataar}")
        serie = handelser.ia_per_ar(ds.ia, linje, till_ar=dataar)
        if len(serie) and serie["antal"].fillna(0).sum() > 0:
            for r in serie[serie["ar"] >= dataar - 4].itertuples():
                f(f"ia.{int(r.ar)}", "ia", r.antal, "antal", f"IA-anmälningar med VBE ikryssat {int(r.ar)}")

    if "klotter" in kallor:
        per_kalla = handelser.per_kategori(ds.klotter, linje, "kalla", dataar, vocab.KLOTTERKALLOR)
        per_typ = handelser.per_kategori(ds.klotter, linje, "typ", dataar, vocab.KLOTTERTYPER)
        total = None if per_kalla["antal"].isna().all() else int(per_kalla["antal"].fillna(0).sum())
        f("klotter.antal", "klotter", total, "antal", f"Anmält klotter {dataar}")
        for r in per_kalla.itertuples():
            f(f"klotter.kalla.{r.kalla}", "klotter", r.antal, "antal", f"Anmält klotter {dataar} från {r.etikett}")
        for r in per_typ.itertuples():
            f(f"klotter.typ.{r.typ}", "klotter", r.antal, "antal", f"Anmält klotter {dataar}, {r.etikett.lower()}")

    if "enkat" in kallor:
        _enkat(f, ds, konf, slug, linje, planar, n.typ == "stadsdelsnamnd")

    if "webbutbildning" in kallor:
        k = webb.nyckeltal(ds.webbutbildning, linje, dataar)
        if k.get("genomforda") is not None or k.get("pagaende") is not None:
            for nyckel, format, vad in (("genomforda", "antal", "Personer som genomfört webbutbildningen"),
                                        ("pagaende", "antal", "Personer som har webbutbildningen pågående"),
                                        ("anstallda", "antal", "Anställda"),
                                        ("andel_genomforda", "procent", "Andel av de anställda som genomfört "
                                                                        "webbutbildningen")):
                f(f"webbutbildning.{nyckel}", "webbutbildning", k.get(nyckel), format, f"{vad}, slutet av {dataar}")
    return f.ut


def _enkat(f: _Samlare, ds: Any, konf: Any, slug: str, linje: list[str], planar: int, distrikt: bool) -> None:
    """The survey's figures per group, as :meth:`Lagesbild._enkat_grupp` computes them."""
    def urval(grupp: str | None, ar: int = planar) -> pd.DataFrame:
        return enkat.enheter_for(ds.enkat_enheter, linje if ar != planar else slug, ar, grupp, konf)

    for grupp in GRUPPER:
        u = urval(grupp)
        if not len(u):
            continue
        p = f"enkat.{grupp}"
        vem = "interna enheter" if grupp == "intern" else "samverkanspartners"
        svar = enkat.svar_for(ds.enkat_svar, u)
        tot = enkat.svarsfrekvens_totalt(u, ds.enkat_tillfragade, slug, planar, grupp)
        f(f"{p}.svar", "enkat", tot["svar"], "antal", f"Enkätsvar {planar}, {vem}")
        f(f"{p}.tillfragade", "enkat", tot["tillfragade"], "antal", f"Tillfrågade enheter {planar}, {vem}")
        f(f"{p}.svarsfrekvens", "enkat", tot["andel"], "procent", f"Svarsfrekvens {planar}, {vem}")
        kun = enkat.kunskapsniva(svar)
        if kun.get("n"):
            f(f"{p}.kunskap.medel", "enkat", kun["medel"], "decimal2", f"Kunskapsnivå {planar}, medelvärde, {vem}")
            f(f"{p}.kunskap.median", "enkat", kun["median"], "median", f"Kunskapsnivå {planar}, median, {vem}")
            f(f"{p}.kunskap.antal_svar", "enkat", kun["n"], "antal", f"Kunskapsnivå {planar}, antal svar, {vem}")
            for r in kun["fordelning"].itertuples():
                f(f"{p}.kunskap.niva{int(r.niva)}.antal", "enkat", r.antal, "antal",
                  f"Enheter med kunskapsnivå {int(r.niva)}, {planar}, {vem}")
                f(f"{p}.kunskap.niva{int(r.niva)}.andel", "enkat", r.andel, "procent",
                  f"Andel enheter med kunskapsnivå {int(r.niva)}, {planar}, {vem}")
            u_f = urval(grupp, planar - 1)
            if len(u_f):
                jm = enkat.jamfor_kunskapsniva(svar, enkat.svar_for(ds.enkat_svar, u_f), ds.enkat_fragor, planar,
                                               planar - 1)
                if jm.get("jamforbar") and jm.get("foreg"):
                    f(f"{p}.kunskap.medel_foregaende", "enkat", jm["foreg"]["medel"], "decimal2",
                      f"Kunskapsnivå {planar - 1}, medelvärde, {vem}")
        kan = enkat.kannedom(svar)
        for r in kan.itertuples():
            sak = ("genomfört webbutbildningen" if r.item == "webbutbildning"
                   else f"känner till {_liten_forsta(r.etikett)}")
            f(f"{p}.kannedom.{r.item}.chefer", "enkat", r.chef_andel, "procent",
              f"Andel chefer som {sak}, {planar}, {vem}")
            f(f"{p}.kannedom.{r.item}.medarbetare", "enkat", r.medarbetare_andel, "procent",
              f"Andel medarbetare som {sak} (chefernas uppskattning), {planar}, {vem}")
        if distrikt:
            for r in enkat.samverkan(svar).itertuples():
                f(f"{p}.samverkan.{r.partner}.andel", "enkat", r.andel, "procent",
                  f"Andel enheter med samverkan med {r.etikett.lower()}, {planar}, {vem}")
        kors = enkat.handelser(ds.enkat_handelser, u)
        per_miljo = enkat.per_kategori(kors, "miljo", har_urval=bool(len(u)))
        per_typ = enkat.per_kategori(kors, "handelsetyp", har_urval=bool(len(u)))
        if len(per_miljo) and not per_miljo["antal"].isna().all():
            total = int(per_miljo["antal"].fillna(0).sum())
            f(f"{p}.handelser.antal", "enkat", total, "antal", f"Händelser som enheterna observerat, {planar}, {vem}",
              ("handelser", grupp, "total"))
            for r in per_miljo.itertuples():
                f(f"{p}.handelser.miljo.{r.miljo}", "enkat", r.antal, "antal",
                  f"Händelser, {r.etikett.lower()}, {planar}, {vem}", ("handelser", grupp, "miljo", r.miljo))
            for r in per_typ.itertuples():
                f(f"{p}.handelser.typ.{r.handelsetyp}", "enkat", r.antal, "antal",
                  f"Händelser, {r.etikett.lower()}, {planar}, {vem}", ("handelser", grupp, "typ", r.handelsetyp))
            if total:
                med = enkat.enheter_med_handelser(ds.enkat_handelser, u)
                for r in enkat.atgarder(svar, med).itertuples():
                    f(f"{p}.atgard.{r.atgard}.enheter", "enkat", r.ja, "antal",
                      f"Enheter som efter en händelse gjort: {_liten_forsta(r.etikett)}, {planar}, {vem}")
    if distrikt:
        u = urval("fackforvaltning")
        svar = enkat.svar_for(ds.enkat_svar, u)
        for s in sorted(u["namnd"].unique()):
            fn = konf.namnd(s)
            p = f"enkat.fackforvaltning.{s}"
            f(f"{p}.enheter", "enkat", int((u["namnd"] == s).sum()), "antal",
              f"Enheter som besvarat enkäten {planar}, {fn.forvaltning}")
            kun = enkat.kunskapsniva(svar[svar["namnd"] == s])
            if kun.get("n"):
                f(f"{p}.kunskap.medel", "enkat", kun["medel"], "decimal1", f"Kunskapsnivå {planar}, medelvärde, "
                                                                            f"{fn.forvaltning}")
                f(f"{p}.kunskap.median", "enkat", kun["median"], "median", f"Kunskapsnivå {planar}, median, "
                                                                           f"{fn.forvaltning}")
                f(f"{p}.kunskap.antal_svar", "enkat", kun["n"], "antal", f"Kunskapsnivå {planar}, antal svar, "
                                                                         f"{fn.forvaltning}")
