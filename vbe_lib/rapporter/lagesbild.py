"""The lägesbild report, section by section.

Each ``avsnitt_*`` method returns the list of displayable parts of one section (Markdown
text, ``Tabell``, ``Figur``) in the order of seed 002's "Bilaga 1. Lägesbild". The
notebook ``notebooks/lagesbild.ipynb`` only calls these and displays the parts; every
number is computed by ``vbe_lib.analys`` and every sentence by ``vbe_lib.presentation.text``.

Years: plan year Y; the survey is answered in Y, counts of events and crimes cover
calendar year Y−1 (``dataar``), time series run back as far as data exist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import Markdown

from vbe_lib.presentation import fmt, text
from vbe_lib.analys import saknas
from vbe_lib.analys.saknas import Leverans
from vbe_lib.integritet import granskning, sanering
from vbe_lib.integritet import logg as integritetslogg
from vbe_lib.integritet import undertryckning
from vbe_lib.parametrar import vocab
from vbe_lib.analys import brott, enkat, handelser, webb
from vbe_lib.presentation.charts import grupperade_staplar, kannedom, kunskap_fordelning, svarsfrekvens, tidsserie
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.indata.dataset import Dataset, las_data
from vbe_lib.parametrar.ordlistor import KALLOR_STANDARD, ord_for
from vbe_lib.presentation.tables import Tabell
from vbe_lib.rapporter.texter import textavsnitt

#: Where each source comes from, in neutral words. A report uses the municipality's
#: captions (``ord:`` in kommun.yml, :meth:`Lagesbild.kalltext`); this mapping is the
#: fallback for code without a configuration.
KALLOR = {k: v.format(Kommunens="Kommunens", kommunens="kommunens") for k, v in KALLOR_STANDARD.items()}

Del = Any  # Markdown | Tabell | Figur


def _md(*stycken: str | None) -> Markdown:
    return Markdown("\n\n".join(s for s in stycken if s))


def _rubrik(text_: str, niva: int = 2) -> Markdown:
    return Markdown(f"{'#' * niva} {text_}")


def _int(x: Any) -> int | None:
    return None if fmt.ar_saknas(x) else int(x)


@dataclass
class Lagesbild:
    """Everything one committee's lägesbild for one plan year needs."""

    namnd: str
    planar: int
    data_dir: str | Path = "data"
    parametrar_dir: str | Path = "parameters"
    byggdatum: str | dt.date | None = None
    konf: Konfiguration = field(init=False)
    ds: Dataset = field(init=False)

    def __post_init__(self) -> None:
        if not hasattr(self, "konf"):
            self.konf = Konfiguration.las(self.parametrar_dir)
        if not hasattr(self, "ds"):
            self.ds = las_data(self.data_dir, self.konf)
        self.n = self.konf.namnd(self.namnd)
        self.dataar = self.planar - 1
        self.linje = self.konf.linje(self.namnd)
        self.minsta_antal = self.konf.integritet(self.namnd).minsta_antal
        self.skyddade_namn = self.konf.integritet(self.namnd).skyddade_namn
        self.personhandelser = self.konf.integritet(self.namnd).personhandelser
        self.ar_distrikt = self.n.typ == "stadsdelsnamnd"
        self._handelsetabeller: dict[str, Handelsetabell] = {}
        # the plan year's answers and event cross-tabulation per survey group, computed
        # once per report (several sections show the same selection); never changed in place
        self._svar_grupp: dict[str | None, pd.DataFrame] = {}
        self._kors_grupp: dict[str | None, pd.DataFrame] = {}
        #: the municipality's words and vocabularies (parameters: kommun.yml ord:, ordlistor/)
        self.ord = ord_for(self.konf)
        #: the committee and its predecessors as parts of every sum (analys.saknas)
        self.delar = saknas.delar(self.konf, self.linje)

    @classmethod
    def fran(cls, konf: Konfiguration, ds: Dataset, namnd: str, planar: int) -> "Lagesbild":
        """Build from an already loaded configuration and dataset (no file reading)."""
        obj = cls.__new__(cls)
        obj.namnd, obj.planar, obj.data_dir, obj.parametrar_dir, obj.byggdatum = namnd, planar, None, None, None
        obj.konf, obj.ds = konf, ds
        obj.__post_init__()
        return obj

    # ------------------------------------------------------------------ helpers
    def har_kalla(self, kalla: str) -> bool:
        return kalla in self.n.kallor

    @property
    def plats(self) -> str:
        return self.n.plats_text

    def vok(self, kanonisk: vocab.Vokabular) -> vocab.Vokabular:
        """The municipality's version of a vocabulary (its display labels)."""
        o = getattr(self.konf, "ordlistor", None)
        return o.vok(kanonisk) if o is not None else kanonisk

    def kalltext(self, kalla: str) -> str:
        """The source's caption in the municipality's words."""
        return self.ord.kalla(kalla)

    def leverans(self, kalla: str) -> Leverans:
        """What the event list ``kalla`` (blanketter, ia, klotter) says about its delivery."""
        df = getattr(self.ds, kalla)
        return Leverans.fran(df, kalla, getattr(self.ds, "ej_levererat", {}).get(kalla, ()),
                             getattr(self.ds, "inga_handelser", {}).get(kalla, ()))

    def kommunens_delar(self, kalla: str) -> list[saknas.Del]:
        """Every committee with the source ``kalla``: the parts of the municipality's total."""
        return saknas.delar(self.konf, [s for s, n in self.konf.namnder.items() if kalla in n.kallor])

    def _kalla(self, kalla: str, period: str) -> str:
        return f"{self.kalltext(kalla)}, {period}."

    def _sammanslagning_not(self, serie: pd.DataFrame, kalla_df: pd.DataFrame) -> str | None:
        """Note for a series of a merged committee: the years whose figures come from the
        predecessors (read from the source rows, since the data of the merger year may
        carry either name)."""
        if len(self.linje) == 1 or not len(serie):
            return None
        fore = [self.konf.namnd(s) for s in self.linje[1:]]
        start = self.n.giltig_fran
        namn = text.uppraknad([f.kortnamn for f in fore])
        ar_med_fore = set(kalla_df.loc[kalla_df["namnd"].isin(self.linje[1:]), "ar"].astype(int))
        ar_fore = [int(a) for a, v in zip(serie["ar"], serie["antal"]) if int(a) in ar_med_fore and not fmt.ar_saknas(v)]
        if not ar_fore:
            return None
        return (f"{self.n.kortnamn} bildades {fmt.datum(start)} av {namn}. Siffrorna för "
                f"{fmt.ar_intervall(min(ar_fore), max(ar_fore)) if len(ar_fore) > 1 else ar_fore[0]} "
                f"är summan för {namn}.")

    def _dolda_summor(self, typ: str) -> set[int]:
        """Years whose concern-report (or case) figure of a merged committee is the sum
        of several predecessors and at least one of them had a small count: the sum is
        not shown, since with the predecessors' own published reports it would give
        that small count away. (A small sum is suppressed as usual.)"""
        if len(self.linje) == 1:
            return set()
        d = self.ds.orosanmalningar
        d = d[(d["typ"] == typ) & d["namnd"].isin(self.linje)]
        if d.empty:
            return set()
        per = d.groupby(["ar", "namnd"], observed=True)["antal"].agg(lambda x: saknas.summa(list(x))[0])
        ut: set[int] = set()
        for ar, grupp in per.groupby(level=0):
            if any(fmt.ar_saknas(v) for v in grupp):
                continue  # the sum is missing: nothing shown, nothing to hide
            varden = [v for v in grupp if not fmt.ar_saknas(v)]
            if len(varden) > 1 and any(_liten(v, self.minsta_antal) for v in varden) \
                    and not _liten(sum(varden), self.minsta_antal):
                ut.add(int(ar))
        return ut

    def _serie_tabell(self, serie: pd.DataFrame, rubrik: str, kalla: str, noter: list[str]) -> Tabell:
        noter = [*noter, *_noter_saknas(serie)]
        df = pd.DataFrame({
            "År": serie["ar"].astype(int),
            "Antal": serie["antal"],
            "Förändring": serie["forandring"],
            "Förändring (%)": [fmt.SAKNAS if fmt.ar_saknas(v) else fmt.procent_forandring(v)
                               for v in serie["forandring_procent"]],
        })
        return Tabell(df, rubrik, kalla, noter=noter, tecken=["Förändring"], ar=["År"])

    def hets_serie(self) -> pd.DataFrame:
        """Hets mot folkgrupp per year, summed over the committee's line (parts: analys.saknas)."""
        return brott.serie(self.ds.brott, self.linje, till_ar=self.dataar, delar=self.delar)

    def blanketter_serie(self) -> pd.DataFrame:
        """Forms per year over the committee's line, under the event-list rule."""
        return handelser.blanketter_per_ar(self.ds.blanketter, self.linje, till_ar=self.dataar, delar=self.delar,
                                           leverans=self.leverans("blanketter"))

    def klotter_ar(self, ar: int | None = None) -> pd.DataFrame:
        """Graffiti of a year by source (the municipality's labels), under the event-list rule."""
        return handelser.per_kategori(self.ds.klotter, self.linje, "kalla", self.dataar if ar is None else ar,
                                      self.vok(vocab.KLOTTERKALLOR), delar=self.delar,
                                      leverans=self.leverans("klotter"))

    # ------------------------------------------------------------------ sections
    @textavsnitt("inledning")
    def inledning(self) -> list[Del]:
        delar = [
            f"Lägesbilden för {self.n.namn} ingår i handlingsplanen mot våldsbejakande extremism för "
            f"{self.planar}. Enkäten besvarades under {self.planar}. Antal händelser, anmälningar och "
            f"anmälda brott gäller kalenderåret {self.dataar}; tidsserierna går så långt bakåt som det "
            "finns uppgifter.",
        ]
        if len(self.linje) > 1:
            fore = text.uppraknad([self.konf.namnd(s).kortnamn for s in self.linje[1:]])
            delar.append(f"{self.n.kortnamn} bildades {fmt.datum(self.n.giltig_fran)} av {fore}. "
                         "Uppgifter från tiden före sammanslagningen är summan för de tidigare nämnderna.")
        delar.append("Tecknet – i tabellerna betyder noll och .. att uppgift saknas.")
        if self.ds.exempeldata:
            delar.append("**Rapporten bygger på fiktiva exempeldata.** Siffrorna beskriver inte verkliga förhållanden.")
        return [_md(*delar)]

    @textavsnitt("sammanfattning")
    def avsnitt_sammanfattning(self) -> list[Del]:
        serier: dict[str, dict] = {}
        if self.har_kalla("brott"):
            k = brott.nyckeltal(self.hets_serie())
            if k.get("senaste") is not None:
                serier["antalet anmälda brott om hets mot folkgrupp"] = k
        if self.har_kalla("blanketter"):
            k = brott.nyckeltal(self.blanketter_serie())
            if k.get("senaste") is not None:
                serier["antalet blanketter för avidentifierad information"] = k
        if self.har_kalla("ia"):
            k = brott.nyckeltal(handelser.ia_per_ar(self.ds.ia, self.linje, till_ar=self.dataar, delar=self.delar,
                                                    leverans=self.leverans("ia")))
            if k.get("senaste") is not None:
                serier["antalet IA-anmälningar med VBE ikryssat"] = k
        miljoer = None
        kunskap = svarsfrek = None
        dolda = self.dolda_handelser()
        if self.har_kalla("enkat"):
            urval = self._urval("intern")
            if len(urval):
                kunskap = enkat.kunskapsniva(self._svar("intern"))
                svarsfrek = enkat.svarsfrekvens_totalt(urval, self.ds.enkat_tillfragade, self.namnd, self.planar, "intern")
                alla = self._urval(None)
                miljoer = enkat.per_kategori(self._kors(None), "miljo", har_urval=bool(len(alla)))
        # The crime series always leads (seed 002 opens with it); the rest by size of change.
        hets = serier.pop("antalet anmälda brott om hets mot folkgrupp", None)
        forst = []
        if hets and (hets.get("foregaende") is not None or text.har_namngivna(hets.get("saknas_foregaende"))):
            forst.append(text.forandring_mening(f"antalet anmälda brott om hets mot folkgrupp {self.plats}",
                                                hets["foregaende"], hets["senaste"], hets["foregaende_ar"],
                                                hets["senaste_ar"], forsta_gangen=hets.get("forsta_gangen", False),
                                                saknas_till=hets["saknas_senaste"],
                                                saknas_fran=hets["saknas_foregaende"]))
        stycke = text.sammanfattning(serier=serier, miljoer=miljoer, kunskap=kunskap, svarsfrekvens=svarsfrek,
                                     ar=self.dataar, max_meningar=6 - len(forst),
                                     dolda_miljoer=dolda.dolda_miljoer, dold_total=dolda.dold_total)
        if forst and stycke.startswith("Det finns inga uppgifter"):
            stycke = ""
        stycke = " ".join(forst + [stycke]).strip()
        return [_rubrik("Sammanfattning"), _md(stycke)]

    @textavsnitt("polis")
    def avsnitt_polis(self) -> list[Del]:
        if not self.har_kalla("polis"):
            return []
        t = self.ds.polistext(self.namnd, self.planar)
        delar: list[Del] = [_rubrik("Polisens kartläggning")]
        if t is None or not t.strip():
            delar.append(_md(f"Det finns ingen kartläggning från polisen för {self.n.kortnamn} inför {self.planar}."))
        else:
            fil = f"polis/{self.planar}/{self.namnd}.md"
            # active content, styles, images or an over-long text: refused with file and line
            # (vbe validera reports the same, so vbe rapport never builds such a report)
            hinder = sanering.granska_markdown(t)
            if hinder:
                raise sanering.TextFel(fil, hinder)
            t, undanhallna, logg = granskning.granska_stycken(t, self.skyddade_namn, fil)
            integritetslogg.skriv_logg(logg)
            stycken = [f"*Källa: {KALLOR['polis']}, inför planåret {self.planar}. Texten återges som den lämnats.*", t]
            if undanhallna:
                stycken.append("*" + granskning.meddelande_undanhallna_texter(
                    undanhallna, ("stycke", "stycken", "det")) + "*")
            delar.append(_md(*stycken))
        return delar

    @textavsnitt("brott")
    def avsnitt_brott(self) -> list[Del]:
        if not self.har_kalla("brott"):
            return []
        delar: list[Del] = [_rubrik('Anmälningar om "hets mot folkgrupp"')]
        serie = self.hets_serie()
        k = brott.nyckeltal(serie)
        if k.get("senaste") is None:
            return delar + [_md(text.saknas_mening("anmälda brott om hets mot folkgrupp", self.dataar, self.n.kortnamn,
                                                   k.get("saknas_senaste", ())))]
        period = fmt.ar_intervall(k["forsta_ar"], k["sista_ar"])
        kalla = self._kalla("brott", period)
        delar.append(_md(text.brott_stycke(k, plats=self.plats)))
        noter = [n for n in [self._sammanslagning_not(serie, self.ds.brott)] if n]
        delar.append(self._serie_tabell(serie, f"Hets mot folkgrupp. Brott anmälda {self.plats} {period}. Absoluta tal.",
                                        kalla, noter))
        delar.append(tidsserie(serie, f"anmälda brott om hets mot folkgrupp {self.plats}", kalla,
                               bildtext=f"Anmälda brott om hets mot folkgrupp {self.plats} {period}. "
                                        f"Det senaste året, {k['sista_ar']}, är markerat."))
        ovriga = brott.kategorier_ar(self.ds.brott, self.linje, self.dataar, self.delar)
        ovriga = ovriga[ovriga["kategori"] != "hets_mot_folkgrupp"]
        if len(ovriga) and not ovriga["antal"].isna().all():
            noll = ovriga[ovriga["antal"].fillna(-1) == 0]["etikett"].str.lower().tolist()
            fler = ovriga[ovriga["antal"].fillna(0) > 0]
            okanda = [(r.etikett.lower(), r.saknas) for r in ovriga.itertuples()
                      if fmt.ar_saknas(r.antal) and text.har_namngivna(r.saknas)]
            meningar = []
            if len(fler):
                meningar.append(f"Under {self.dataar} anmäldes även " + text.uppraknad(
                    [f"{fmt.antal_ord(int(r.antal), 'brott', 'brott')} som rubricerades som {r.etikett.lower()}"
                     for r in fler.itertuples()]) + ".")
            if noll:
                meningar.append(f"Inga brott rubricerade som {text.uppraknad(noll, 'eller')} anmäldes under {self.dataar}.")
            for etikett, sk in okanda:
                meningar.append(f"Antalet brott rubricerade som {etikett} under {self.dataar} kan inte anges: "
                                f"{text.saknas_for(sk)}.")
            delar.append(_md(" ".join(meningar)))
        return delar

    @textavsnitt("sammankomster")
    def avsnitt_sammankomster(self) -> list[Del]:
        if not self.har_kalla("sammankomster"):
            return []
        delar: list[Del] = [_rubrik("Allmänna sammankomster")]
        ar_df = brott.sammankomster_ar(self.ds.sammankomster, self.linje, self.dataar, self.delar)
        varden = dict(zip(ar_df["tillstand"], ar_df["antal"]))
        mening = text.sammankomster_mening(varden.get("tillstand"), varden.get("utan_tillstand"),
                                           self.dataar, self.plats)
        sk = saknas.saknade_i(ar_df["saknas"])
        if text.har_namngivna(sk):
            mening += f" ({text.stor_forsta(text.saknas_for(sk))}.)"
        delar.append(_md(mening))
        rader, saknade = [], []
        for nyckel in vocab.SAMMANKOMST_TILLSTAND.nycklar:
            s = brott.sammankomster(self.ds.sammankomster, self.linje, tillstand=nyckel, till_ar=self.dataar,
                                    delar=self.delar)
            s = s[s["ar"] >= self.dataar - 4]
            saknade += list(s["saknas"])
            for r in s.itertuples():
                rader.append({"År": int(r.ar), "Slag": vocab.SAMMANKOMST_TILLSTAND.etikett(nyckel), "Antal": r.antal})
        if rader and not pd.DataFrame(rader)["Antal"].isna().all():
            df = pd.DataFrame(rader).pivot(index="År", columns="Slag", values="Antal")
            df = df[[vocab.SAMMANKOMST_TILLSTAND.etikett(k) for k in vocab.SAMMANKOMST_TILLSTAND.nycklar]].reset_index()
            df.columns.name = None
            period = fmt.ar_intervall(int(df["År"].min()), int(df["År"].max()))
            delar.append(Tabell(df, f"Allmänna sammankomster {self.plats} {period}.",
                                self._kalla("sammankomster", period), ar=["År"],
                                noter=[n for n in [text.saknas_not(saknas.saknade_i(saknade))] if n]))
        return delar

    @textavsnitt("orosanmalningar")
    def avsnitt_orosanmalningar(self) -> list[Del]:
        if not self.har_kalla("orosanmalningar"):
            return []
        delar: list[Del] = [_rubrik("Orosanmälningar")]
        oros = handelser.oros_per_ar(self.ds.orosanmalningar, self.linje, "orosanmalan", till_ar=self.dataar,
                                     delar=self.delar)
        arenden = handelser.oros_per_ar(self.ds.orosanmalningar, self.linje, "arende", till_ar=self.dataar,
                                        delar=self.delar)
        if oros["antal"].isna().all() and arenden["antal"].isna().all():
            sk = saknas.saknade_i([*oros["saknas"], *arenden["saknas"]])
            sk = tuple(x for x in sk if x.ar == self.dataar)
            return delar + [_md(text.saknas_mening("orosanmälningar eller ärenden", self.dataar, self.n.kortnamn, sk))]

        def senaste(s: pd.DataFrame) -> Any:
            v = s.loc[s["ar"] == self.dataar, "antal"]
            return pd.NA if not len(v) else v.iloc[0]

        def senaste_saknas(s: pd.DataFrame) -> tuple:
            v = s.loc[s["ar"] == self.dataar, "saknas"]
            return tuple(v.iloc[0]) if len(v) else ()

        o, a = senaste(oros), senaste(arenden)
        m = self.minsta_antal
        dolda = {"Orosanmälningar": self._dolda_summor("orosanmalan"), "Ärenden": self._dolda_summor("arende")}
        o_txt = undertryckning.skydda_antal(o, m) if _liten(o, m) else o
        a_txt = undertryckning.skydda_antal(a, m) if _liten(a, m) else a
        if self.dataar in dolda["Orosanmälningar"]:
            o_txt = undertryckning.DOLD_SEKUNDAR
        if self.dataar in dolda["Ärenden"]:
            a_txt = undertryckning.DOLD_SEKUNDAR
        delar.append(_md(text.oros_mening(o_txt, a_txt, self.dataar, senaste_saknas(oros), senaste_saknas(arenden))))
        tab = pd.DataFrame({"År": oros["ar"].astype(int), "Orosanmälningar": oros["antal"].astype("object"),
                            "Ärenden": arenden.set_index("ar")["antal"].reindex(oros["ar"]).astype("object").values})
        tab = tab[tab["År"] >= self.dataar - 4]
        sk_tab = saknas.saknade_i([x for d_ in (oros, arenden) for a_, x in zip(d_["ar"], d_["saknas"])
                                   if a_ >= self.dataar - 4])
        visning, noter = undertryckning.undertryck_tabell(tab, ["Orosanmälningar", "Ärenden"], m)
        antal_dolda = 0
        for kol, ar in dolda.items():
            for i, (arv, v) in enumerate(zip(tab["År"], tab[kol])):
                if int(arv) in ar and not _liten(v, m):
                    visning.iat[i, visning.columns.get_loc(kol)] = undertryckning.DOLD_SEKUNDAR
                    antal_dolda += 1
        if antal_dolda:
            fore = text.uppraknad([self.konf.namnd(s).kortnamn for s in self.linje[1:]])
            noter = [*noter, f"x: summan för {fore} visas inte när någon av dem hade färre än {fmt.tal(m)}; "
                             "den nämndens eget antal skulle annars gå att räkna fram ur de tidigare "
                             "nämndernas rapporter."]
        period = fmt.ar_intervall(int(tab["År"].min()), int(tab["År"].max())) if len(tab) else str(self.dataar)
        if text.saknas_not(sk_tab):
            noter = [*noter, text.saknas_not(sk_tab)]
        delar.append(Tabell(visning, f"Orosanmälningar om barn och unga kopplade till våldsbejakande extremism och "
                                     f"ärenden hos socialtjänsten, {self.n.kortnamn} {period}.",
                            self._kalla("orosanmalningar", period), noter=noter, ar=["År"]))
        return delar

    @textavsnitt("blanketter")
    def avsnitt_blanketter(self) -> list[Del]:
        if not self.har_kalla("blanketter"):
            return []
        delar: list[Del] = [_rubrik("Avidentifierad blankett")]
        serie = self.blanketter_serie()
        k = brott.nyckeltal(serie)
        lev = self.leverans("blanketter")
        if k.get("senaste") is None:
            return delar + [_md(text.saknas_mening("blanketter för avidentifierad information", self.dataar,
                                                   self.n.kortnamn, k.get("saknas_senaste", ())))]
        avs = handelser.per_kategori(self.ds.blanketter, self.linje, "avsandare", self.dataar,
                                     self.vok(vocab.BLANKETT_AVSANDARE), delar=self.delar, leverans=lev)
        delar.append(_md(text.blanketter_stycke(k, avs)))
        period = fmt.ar_intervall(k["forsta_ar"], k["sista_ar"])
        if not int(k.get("summa") or 0):
            # Nothing in any year: one sentence is the whole section, no table of zeros.
            return delar + [_md(f"Inga blanketter har kommit in under perioden {period}.")]
        kalla = self._kalla("blanketter", period)
        per = handelser.per_ar_och_kategori(self.ds.blanketter, self.linje, "miljo", vocab.MILJOER, till_ar=self.dataar,
                                            delar=self.delar, leverans=lev)
        if len(per):
            tab = per.pivot(index="ar", columns="etikett", values="antal")
            tab = tab[[vocab.MILJOER.etikett(m) for m in vocab.MILJOER.nycklar if vocab.MILJOER.etikett(m) in tab.columns]]
            tab.insert(0, "Totalt", serie.set_index("ar")["antal"].reindex(tab.index))
            tab = tab.reset_index().rename(columns={"ar": "År"})
            tab.columns.name = None
            delar.append(Tabell(tab, f"Blanketter för avidentifierad information per år och miljö, {self.n.kortnamn} "
                                     f"{period}.", kalla, noter=_not_sammanslagning(self._sammanslagning_not(serie, self.ds.blanketter))
                                + _noter_saknas(serie), ar=["År"]))
        if int(k.get("summa") or 0) > 0 and k["antal_ar"] > 1:
            delar.append(tidsserie(serie, f"blanketter för avidentifierad information, {self.n.kortnamn}", kalla,
                                   bildtext=f"Antal blanketter för avidentifierad information per år, "
                                            f"{self.n.kortnamn} {period}."))
        return delar

    @textavsnitt("ia")
    def avsnitt_ia(self) -> list[Del]:
        if not self.har_kalla("ia"):
            return []
        delar: list[Del] = [_rubrik("IA (incidentrapportering)")]
        lev = self.leverans("ia")
        k = handelser.ia_nyckeltal(self.ds.ia, self.linje, self.dataar, delar=self.delar, leverans=lev,
                                   kommunens_delar=self.kommunens_delar("ia"))
        delar.append(_md(text.ia_mening(k, self.dataar, self.ord.hela)))
        serie = handelser.ia_per_ar(self.ds.ia, self.linje, till_ar=self.dataar, delar=self.delar, leverans=lev)
        utan_fel = handelser.ia_per_ar(self.ds.ia, self.linje, till_ar=self.dataar, utan_felmarkerade=True,
                                       delar=self.delar, leverans=lev)
        if len(serie) and serie["antal"].fillna(0).sum() > 0:
            tab = pd.DataFrame({"År": serie["ar"].astype(int), "Anmälningar med VBE ikryssat": serie["antal"],
                                "Varav med koppling till VBE": utan_fel.set_index("ar")["antal"].reindex(serie["ar"]).values})
            tab = tab[tab["År"] >= self.dataar - 4]
            period = fmt.ar_intervall(int(tab["År"].min()), int(tab["År"].max()))
            delar.append(Tabell(tab, f"IA-anmälningar där VBE är ikryssat, {self.n.kortnamn} {period}.",
                                self._kalla("ia", period), ar=["År"],
                                noter=["Anmälningar som vid granskning saknade koppling till VBE räknas inte i "
                                       "den andra kolumnen.", *_noter_saknas(serie[serie["ar"] >= self.dataar - 4])]))
        return delar

    @textavsnitt("klotter")
    def avsnitt_klotter(self) -> list[Del]:
        if not self.har_kalla("klotter"):
            return []
        delar: list[Del] = [_rubrik("Klotter")]
        lev = self.leverans("klotter")
        kallor = self.vok(vocab.KLOTTERKALLOR)
        per_kalla = handelser.per_kategori(self.ds.klotter, self.linje, "kalla", self.dataar, kallor,
                                           delar=self.delar, leverans=lev)
        per_typ = handelser.per_kategori(self.ds.klotter, self.linje, "typ", self.dataar, self.vok(vocab.KLOTTERTYPER),
                                         delar=self.delar, leverans=lev)
        delar.append(_md(text.klotter_stycke(per_kalla, per_typ, self.dataar)))
        if not per_kalla["antal"].isna().any() and per_kalla["antal"].sum() > 0:
            kors = handelser.korstabell(self.ds.klotter, self.linje, "typ", "kalla", self.dataar,
                                        self.vok(vocab.KLOTTERTYPER), kallor, delar=self.delar, leverans=lev)
            kalla = self._kalla("klotter", str(self.dataar))
            rad_et = [c for c in kors.columns if c.endswith("etikett")]
            tab = kors.pivot(index=rad_et[0], columns=rad_et[1], values="antal")
            tab = tab.loc[[vocab.KLOTTERTYPER.etikett(x) for x in vocab.KLOTTERTYPER.nycklar if vocab.KLOTTERTYPER.etikett(x) in tab.index]]
            tab["Totalt"] = tab.sum(axis=1)
            tab = tab.reset_index().rename(columns={rad_et[0]: "Slag av klotter"})
            tab.columns.name = None
            delar.append(Tabell(tab, f"Anmält klotter efter slag och källa, {self.n.kortnamn} {self.dataar}.", kalla))
            plot = kors.rename(columns={rad_et[0]: "Slag", rad_et[1]: "Källa"})
            delar.append(grupperade_staplar(plot, "Slag", "Källa", f"anmält klotter {self.plats} {self.dataar}", kalla,
                                            bildtext=f"Anmält klotter efter slag och källa, {self.n.kortnamn} "
                                                     f"{self.dataar}."))
            dom = self.ds.klotter
            dom = dom[dom["namnd"].isin(self.linje) & (dom["ar"] == self.dataar)]
            if "delomrade" in dom and dom["delomrade"].fillna("").str.strip().ne("").any():
                dl = (dom.assign(delomrade=dom["delomrade"].fillna("").replace("", "Uppgift saknas"))
                      .groupby("delomrade", observed=True).size().rename("Antal").reset_index()
                      .rename(columns={"delomrade": "Del av området"}).sort_values("Antal", ascending=False, kind="stable"))
                delar.append(Tabell(dl, f"Anmält klotter per del av området, {self.n.kortnamn} {self.dataar}.", kalla))
        return delar

    # ------------------------------------------------------------------ survey
    def _urval(self, grupp: str | None, ar: int | None = None) -> pd.DataFrame:
        ar = self.planar if ar is None else ar
        slugs = self.linje if ar != self.planar else self.namnd
        return enkat.enheter_for(self.ds.enkat_enheter, slugs, ar, grupp, self.konf)

    def _svar(self, grupp: str | None) -> pd.DataFrame:
        """The plan year's answers of a survey group's units (:func:`enkat.svar_for`)."""
        if grupp not in self._svar_grupp:
            self._svar_grupp[grupp] = enkat.svar_for(self.ds.enkat_svar, self._urval(grupp))
        return self._svar_grupp[grupp]

    def _kors(self, grupp: str | None) -> pd.DataFrame:
        """The plan year's events of a survey group's units, miljö × kind
        (:func:`enkat.handelser`)."""
        if grupp not in self._kors_grupp:
            self._kors_grupp[grupp] = enkat.handelser(self.ds.enkat_handelser, self._urval(grupp))
        return self._kors_grupp[grupp]

    @textavsnitt("enkat")
    def avsnitt_enkat(self) -> list[Del]:
        if not self.har_kalla("enkat"):
            return []
        delar: list[Del] = [_rubrik("Enkät om våldsbejakande extremism"),
                            _md(f"Enkäten besvarades under {self.planar} av chefer för enheterna, eller av den som "
                                "chefen utsett; svaren ska spegla hela enheten. Kunskapsnivån anges på en femgradig "
                                "skala där 1 = ingen kunskap och 5 = mycket bra kunskap.")]
        grupper = [("intern", "Internt" if self.ar_distrikt else "Egna verksamheter"),
                   ("extern", "Externt, samverkanspartners")]
        if self.ar_distrikt:
            grupper.append(("fackforvaltning", "Från fackförvaltningar"))
        nagot = False
        for grupp, rubrik in grupper:
            d = self._enkat_grupp(grupp, rubrik)
            if d:
                nagot = True
                delar.extend(d)
        if not nagot:
            delar.append(_md(f"Ingen enhet har besvarat enkäten för {self.n.kortnamn} under {self.planar}."))
        return delar

    def _enkat_grupp(self, grupp: str, rubrik: str) -> list[Del]:
        urval = self._urval(grupp)
        if not len(urval):
            return []
        kalla = self._kalla("enkat", str(self.planar))
        svar = self._svar(grupp)
        delar: list[Del] = [_rubrik(rubrik, 3)]
        if grupp == "fackforvaltning":
            return delar + self._fackforvaltningar(urval, svar, kalla)
        delar.extend(self._enkat_svarsfrekvens(grupp, rubrik, urval, kalla))
        delar.extend(self._enkat_kunskap(grupp, rubrik, svar, kalla))
        delar.extend(self._enkat_kannedom(rubrik, svar, kalla))
        delar.extend(self._enkat_samverkan(rubrik, svar, kalla))
        # Events and actions.
        delar.extend(self._handelser(urval, svar, kalla, rubrik, grupp))
        delar.extend(self._fritext(svar, rubrik))
        return delar

    def _enkat_svarsfrekvens(self, grupp: str, rubrik: str, urval: pd.DataFrame, kalla: str) -> list[Del]:
        """Answers and response rate, per department (and against last year where the
        same departments answered, as the school forms)."""
        delar: list[Del] = []
        totalt = enkat.svarsfrekvens_totalt(urval, self.ds.enkat_tillfragade, self.namnd, self.planar, grupp)
        stycken = [text.svar_mening(totalt)]
        per_avd = enkat.svarsfrekvens(urval, self.ds.enkat_tillfragade, self.namnd, self.planar, grupp)
        jmf = enkat.svar_per_avdelning_jamforelse(self.ds.enkat_enheter, self.linje, self.planar, self.planar - 1, grupp)
        visa_jmf = grupp == "intern" and not self.ar_distrikt and len(jmf) and jmf["svar_foreg"].notna().any()
        delar.append(_md(*stycken))
        if visa_jmf:
            tab = jmf.rename(columns={"avdelning": "Verksamhet", "svar_foreg": f"Antal svar {self.planar - 1}",
                                      "svar": f"Antal svar {self.planar}", "forandring": "Förändring antal svar"})
            delar.append(Tabell(tab, f"Antal svar per verksamhet {self.planar - 1} och {self.planar}, {self.n.kortnamn}.",
                                f"{self.kalltext('enkat')}, {self.planar - 1} och {self.planar}.",
                                tecken=["Förändring antal svar"]))
        if len(per_avd) > 1 or (len(per_avd) == 1 and grupp == "intern"):
            tab = per_avd.rename(columns={"avdelning": "Avdelning" if self.ar_distrikt else "Verksamhet",
                                          "svar": "Svar", "tillfragade": "Tillfrågade", "andel": "Svarsfrekvens"})
            delar.append(Tabell(tab, f"Svar och svarsfrekvens per {'avdelning' if self.ar_distrikt else 'verksamhet'}, "
                                     f"{rubrik.lower()}, {self.planar}.", kalla, procent=["Svarsfrekvens"],
                                noter=["Svarsfrekvensen visas som .. där antalet tillfrågade enheter inte är känt."]
                                if tab["Svarsfrekvens"].isna().any() else []))
            if per_avd["andel"].notna().sum() > 1:
                delar.append(svarsfrekvens(per_avd, kalla, bildtext=f"Svarsfrekvens per avdelning, {rubrik.lower()}, "
                                                                     f"{self.n.kortnamn} {self.planar}."))
        return delar

    def _enkat_kunskap(self, grupp: str, rubrik: str, svar: pd.DataFrame, kalla: str) -> list[Del]:
        """Knowledge level 1–5: distribution, mean, median, against last year."""
        delar: list[Del] = []
        kun = enkat.kunskapsniva(svar)
        if kun.get("n"):
            urval_f = self._urval(grupp, self.planar - 1)
            svar_f = enkat.svar_for(self.ds.enkat_svar, urval_f)
            jm = enkat.jamfor_kunskapsniva(svar, svar_f, self.ds.enkat_fragor, self.planar, self.planar - 1)
            delar.append(_md("#### Kunskapsnivå", text.kunskap_mening(kun, med_skala=False),
                             text.kunskap_jamforelse_mening(jm) if len(urval_f) else None))
            fd = kun["fordelning"].rename(columns={"etikett": "Kunskapsnivå", "antal": "Antal enheter", "andel": "Andel"})
            fd = fd.drop(columns=[c for c in ("niva",) if c in fd.columns])
            delar.append(Tabell(fd, f"Kunskapsnivå, {rubrik.lower()}, {self.n.kortnamn} {self.planar} "
                                    f"(medelvärde {fmt.tal(kun['medel'], 2)}, median {_kort(kun['median'])}, "
                                    f"{kun['n']} svar).", kalla, procent=["Andel"]))
            delar.append(kunskap_fordelning(kun, kalla, bildtext=f"Kunskapsnivå, {rubrik.lower()}, {self.n.kortnamn} "
                                                                  f"{self.planar}."))
            if not self.ar_distrikt and grupp == "intern":
                per = enkat.kunskapsniva_per(svar, "avdelning")
                if len(per) > 1:
                    tab = per.rename(columns={"avdelning": "Verksamhet", "n": "Antal svar", "medel": "Medelvärde",
                                              "median": "Median"})
                    delar.append(Tabell(tab, f"Kunskapsnivå per verksamhet, {self.n.kortnamn} {self.planar}.", kalla,
                                        decimaler={"Medelvärde": 1, "Median": 1}))
        return delar

    def _enkat_kannedom(self, rubrik: str, svar: pd.DataFrame, kalla: str) -> list[Del]:
        """Awareness among managers and staff."""
        delar: list[Del] = []
        kan = enkat.kannedom(svar)
        if len(kan):
            delar.append(_md("#### Kännedom", text.kannedom_stycke(kan)))
            tab = pd.DataFrame({
                "Känner till": kan["etikett"],
                "Chefer, andel ja": kan.get("chef_andel"),
                "Medarbetare, andel (uppskattad)": kan.get("medarbetare_andel"),
            })
            delar.append(Tabell(tab, f"Kännedom bland chefer och medarbetare, {rubrik.lower()}, {self.n.kortnamn} "
                                     f"{self.planar}.", kalla, procent=["Chefer, andel ja", "Medarbetare, andel (uppskattad)"],
                                noter=["Chefernas andel är andelen ja-svar bland dem som besvarat frågan (svaret "
                                       "\"vet ej\" räknas som besvarat). Medarbetarnas andel är ett medelvärde av "
                                       "chefernas uppskattningar."]))
            delar.append(kannedom(kan, kalla, bildtext=f"Kännedom bland chefer och medarbetare, {rubrik.lower()}, "
                                                       f"{self.n.kortnamn} {self.planar}."))
        return delar

    def _enkat_samverkan(self, rubrik: str, svar: pd.DataFrame, kalla: str) -> list[Del]:
        """Existing collaboration (asked of schools, for instance)."""
        delar: list[Del] = []
        sam = enkat.samverkan(svar, "avdelning" if not self.ar_distrikt else None)
        if len(sam):
            tab = sam.rename(columns={"etikett": "Samverkan med", "avdelning": "Verksamhet", "besvarade": "Besvarade",
                                      "ja": "Ja", "andel": "Andel ja"})
            tab = tab[[c for c in ["Verksamhet", "Samverkan med", "Besvarade", "Ja", "Andel ja"] if c in tab.columns]]
            delar.append(Tabell(tab, f"Befintlig samverkan, {rubrik.lower()}, {self.n.kortnamn} {self.planar}.", kalla,
                                procent=["Andel ja"]))
        return delar

    def handelsetabell(self, grupp: str) -> "Handelsetabell":
        """The events a survey group's units observed, kind × miljö with totals, as
        published: small counts of the kinds that describe a person
        (``integritet.personhandelser``) hidden, with secondary suppression; which
        totals are hidden, so that no sentence or other document gives them away."""
        if grupp in self._handelsetabeller:
            return self._handelsetabeller[grupp]
        kors = self._kors(grupp)
        ut = Handelsetabell()
        if len(kors) and (kors["antal"].isna().any() or kors["antal"].sum() > 0) and not kors["antal"].isna().all():
            tab = kors.pivot(index="handelsetyp", columns="miljo", values="antal")
            # kinds with events (or with a count that is missing) are shown
            tab = tab.loc[tab.isna().any(axis=1) | (tab.fillna(0).sum(axis=1) > 0)]
            miljoer = [m for m in vocab.MILJOER.nycklar if m in tab.columns]
            typer = [k for k in vocab.HANDELSETYPER.nycklar if k in tab.index]
            tab = tab.loc[typer, miljoer].astype("Int64").astype(object)
            # totals under the missing-value rule: one missing cell makes its row's and column's total missing
            tab["Totalt"] = [saknas.summa(list(r))[0] for r in tab.itertuples(index=False)]
            tab.loc["Totalt"] = [saknas.summa(list(tab[c]))[0] for c in tab.columns]
            etiketter = {m: vocab.MILJOER.etikett(m) for m in miljoer}
            visa = tab.rename(columns=etiketter).reset_index(drop=True)
            visa.insert(0, "Slag av händelse", [vocab.HANDELSETYPER.etikett(k) for k in typer] + ["Totalt"])
            rader = [i for i, k in enumerate(typer) if k in self.personhandelser]
            noter: list[str] = [n for n in [text.saknas_not(
                [saknas.Saknad(f"{vocab.HANDELSETYPER.etikett(t).lower()}, {vocab.MILJOER.etikett(m).lower()}")
                 for t in typer for m in miljoer if fmt.ar_saknas(tab.at[t, m])])] if n]
            if rader:
                visa, noter = undertryckning.undertryck_tabell(visa, [*etiketter.values(), "Totalt"], self.minsta_antal,
                                                        summarad="Totalt", primara_rader=rader)
            tot = len(typer)
            ut = Handelsetabell(
                visning=visa, noter=noter,
                dold_total=undertryckning.ar_dold_cell(visa.at[tot, "Totalt"]),
                dolda_miljoer={m for m, e in etiketter.items() if undertryckning.ar_dold_cell(visa.at[tot, e])},
                dolda_typer={k for i, k in enumerate(typer) if undertryckning.ar_dold_cell(visa.at[i, "Totalt"])},
            )
        self._handelsetabeller[grupp] = ut
        return ut

    def dolda_handelser(self) -> "Handelsetabell":
        """What the tables of the committee's own units (internal and partners) hide,
        together: a figure for all of them (the summary, the city's heat map) is hidden
        where any group's is."""
        ut = Handelsetabell()
        if not self.har_kalla("enkat"):
            return ut
        for grupp in ("intern", "extern"):
            ht = self.handelsetabell(grupp)
            ut.dold_total |= ht.dold_total
            ut.dolda_miljoer |= ht.dolda_miljoer
            ut.dolda_typer |= ht.dolda_typer
        return ut

    def _handelser(self, urval: pd.DataFrame, svar: pd.DataFrame, kalla: str, rubrik: str,
                   grupp: str) -> list[Del]:
        kors = self._kors(grupp)  # urval is self._urval(grupp)
        per_miljo = enkat.per_kategori(kors, "miljo", har_urval=bool(len(urval)))
        per_typ = enkat.per_kategori(kors, "handelsetyp", har_urval=bool(len(urval)))
        ht = self.handelsetabell(grupp)
        delar: list[Del] = [_md("#### Händelser och åtgärder",
                                text.handelser_mening(per_miljo, per_typ, dold_total=ht.dold_total,
                                                      dolda_miljoer=ht.dolda_miljoer, dolda_typer=ht.dolda_typer))]
        if ht.visning is not None:  # the group reported events
            delar.append(Tabell(ht.visning, f"Händelser som enheterna observerat, efter slag och miljö, "
                                            f"{rubrik.lower()}, {self.n.kortnamn} {self.planar}.", kalla,
                                noter=ht.noter))
            med = enkat.enheter_med_handelser(self.ds.enkat_handelser, urval)
            atg = enkat.atgarder(svar, med)
            mening = text.atgarder_mening(atg) if len(atg) else None
            if mening:
                delar.append(_md(mening))
        return delar

    def _fritext(self, svar: pd.DataFrame, rubrik: str) -> list[Del]:
        fragor = enkat.fritext(svar, self.ds.enkat_fragor, self.planar, bara_besvarade=True)
        if not fragor:
            return []
        stycken = ["#### Fritextsvar",
                   "Svaren återges som de lämnats. Svar som kan innehålla personuppgifter har undanhållits."]
        undanhallna = 0
        for f in fragor:
            g = granskning.granska_fritext(f.svar, self.skyddade_namn)
            undanhallna += g.antal_undanhallna
            kallor = f.kallor if len(f.kallor) == len(f.svar) else [("", 0)] * len(f.svar)
            integritetslogg.skriv_logg(granskning.logg_kallor(g, kallor, kolumn=f.kolumn or f.fragetext))
            stycken.append(f"**{f.fragetext}**")
            stycken.append("\n".join(f"- {_escape_md(t)}" for t in g.texter))
        if undanhallna:
            stycken.append(granskning.meddelande_undanhallna(undanhallna))
        return [_md(*stycken)]

    def _fackforvaltningar(self, urval: pd.DataFrame, svar: pd.DataFrame, kalla: str) -> list[Del]:
        delar: list[Del] = [_md(f"Fackförvaltningarnas enheter {self.plats} har besvarat samma enkät. Resultaten "
                                "redovisas per förvaltning.")]
        for slug in sorted(urval["namnd"].unique(), key=lambda s: self.konf.namnd(s).forvaltning):
            fn = self.konf.namnd(slug)
            u = urval[urval["namnd"] == slug]
            s = svar[svar["namnd"] == slug]
            kun = enkat.kunskapsniva(s)
            per_miljo = enkat.handelser_per(self.ds.enkat_handelser, u, "miljo")
            stycken = [f"#### {fn.forvaltning}",
                       f"{fmt.antal_ord(len(u), 'enhet', 'enheter').capitalize()} {self.plats} besvarade enkäten."]
            if kun.get("n"):
                stycken.append(f"Kunskapsnivån har medelvärdet {fmt.tal(kun['medel'], 1)} och medianen "
                               f"{_kort(kun['median'])} ({kun['n']} svar).")
            if saknas.summa(list(per_miljo["antal"]))[0] == 0:
                stycken.append(f"Inga händelser eller incidenter som identifierats som våldsbejakande extremism har "
                               f"rapporterats från förvaltningens verksamheter {self.plats}.")
            else:
                per_typ = enkat.handelser_per(self.ds.enkat_handelser, u, "handelsetyp")
                sma = {k for k, a in zip(per_typ["handelsetyp"], per_typ["antal"])
                       if k in self.personhandelser and _liten(a, self.minsta_antal)}
                stycken.append(text.handelser_mening(per_miljo, per_typ, dolda_typer=sma))
            delar.append(_md(*stycken))
        return delar

    @textavsnitt("webbutbildning")
    def avsnitt_webbutbildning(self) -> list[Del]:
        if not self.har_kalla("webbutbildning"):
            return []
        delar: list[Del] = [_rubrik("Webbutbildningen om våldsbejakande extremism")]
        k = webb.nyckeltal(self.ds.webbutbildning, self.linje, self.dataar)  # sums: analys.saknas rule
        if k.get("genomforda") is None and k.get("pagaende") is None:
            return delar + [_md(text.saknas_mening("webbutbildningen", self.dataar, self.n.kortnamn))]
        delar.append(_md(text.webb_mening(k, self.n.forvaltning)))
        per = webb.per_ar(self.ds.webbutbildning, self.linje, till_ar=self.dataar)
        if len(per) > 1:
            tab = per.rename(columns={"ar": "År", "genomforda": "Genomförda", "pagaende": "Pågående",
                                      "anstallda": "Anställda", "andel_genomforda": "Andel genomförda"})
            tab = tab[[c for c in ["År", "Genomförda", "Pågående", "Anställda", "Andel genomförda"] if c in tab.columns]]
            period = fmt.ar_intervall(int(tab["År"].min()), int(tab["År"].max()))
            delar.append(Tabell(tab, f"Webbutbildningen: genomförda och pågående, {self.n.forvaltning} {period}.",
                                self._kalla("webbutbildning", period), ar=["År"], procent=["Andel genomförda"]))
        return delar

    def alla_avsnitt(self) -> list[Del]:
        ut: list[Del] = []
        for f in (self.inledning, self.avsnitt_sammanfattning, self.avsnitt_polis, self.avsnitt_brott,
                  self.avsnitt_sammankomster, self.avsnitt_orosanmalningar, self.avsnitt_blanketter, self.avsnitt_ia,
                  self.avsnitt_klotter, self.avsnitt_enkat, self.avsnitt_webbutbildning):
            ut.extend(f())
        return ut


@dataclass
class Handelsetabell:
    """A survey group's events as published (:meth:`Lagesbild.handelsetabell`):
    ``visning`` (None when no events), its notes, and which totals are hidden: the
    grand total, the column totals of ``dolda_miljoer`` (miljö keys) and the row
    totals of ``dolda_typer`` (kinds of event)."""

    visning: pd.DataFrame | None = None
    noter: list[str] = field(default_factory=list)
    dold_total: bool = False
    dolda_miljoer: set[str] = field(default_factory=set)
    dolda_typer: set[str] = field(default_factory=set)


def _liten(x: Any, minsta: int) -> bool:
    return not fmt.ar_saknas(x) and 0 < int(x) < minsta


def _kort(x: Any) -> str:
    return fmt.tal(x, 0) if float(x).is_integer() else fmt.tal(x, 1)


def _not_sammanslagning(n: str | None) -> list[str]:
    return [n] if n else []


def _noter_saknas(serie: pd.DataFrame) -> list[str]:
    """The note naming the missing parts of a series' ".." (none when no part is named)."""
    if "saknas" not in serie.columns:
        return []
    n = text.saknas_not(saknas.saknade_i(serie["saknas"]))
    return [n] if n else []


def _escape_md(t: str) -> str:
    """Free text is shown as written: neutralise Markdown/HTML control characters."""
    t = " ".join(str(t).split())
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "#", "|"):
        t = t.replace(ch, "\\" + ch)
    return t


def visa(delar: list[Del]) -> None:
    """Display the parts of a section in a notebook."""
    from IPython.display import display

    for d in delar:
        display(d)
