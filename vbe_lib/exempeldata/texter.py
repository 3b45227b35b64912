"""Fictitious example texts of the action plan: ``data/texter/<Y>/_kommun.md`` with the
plan's standard sections in the structure of seed 002 (written anew, not copied), the
association-grant checklist as a text appendix (seed 001's "Checklista föreningsbidrag"),
and an approval of the common text for every committee of the year (as ``vbe godkann``
writes it), so that the example plans are not drafts.

Every text says that it is fictitious. Deterministic: the same configuration gives the
same bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from vbe_lib.indata import texter as indata_texter
from vbe_lib.parametrar.konfiguration import Konfiguration

#: the appendix file the example's kommun.yml names (``handlingsplan: bilagor:``)
CHECKLISTA = "checklista-foreningsbidrag.md"

_FIKTIV = "*Fiktiv exempeltext, skriven för vbe:s exempeldata i samma struktur som stadens handlingsplaner.*"


def _kommuntext(kommun: str, planar: int) -> str:
    return f"""<!-- Fiktiva exempeltexter till handlingsplanerna {planar}. Skapade av kommandot vbe exempeldata. -->
## Inledning och syfte

{_FIKTIV}

Med våldsbejakande extremism menas rörelser, ideologier och miljöer som inte accepterar en
demokratisk samhällsordning och som använder eller uppmanar till våld för att nå ett
ideologiskt mål. Sådana miljöer är ett hot mot demokratin och mot människors möjlighet att
utöva sina rättigheter.

{kommun} har riktlinjer mot våldsbejakande extremism. Av dem följer att varje berörd nämnd
tar fram en lokal handlingsplan med en lägesbild och aktiviteter som passar lägesbilden.
Handlingsplanen ska ge en tydlig ansvarsfördelning och struktur för arbetet på lokal nivå
och revideras varje år. Handlingsplanen för {planar} bygger på lägesbilden i bilaga 1 och på
uppföljningen av förra årets aktiviteter i bilaga 2.

Arbetet riktas mot de tre miljöer som Säkerhetspolisen pekar ut: den våldsbejakande
högerextremismen, den våldsbejakande vänsterextremismen och den våldsbejakande islamistiska
extremismen.

## Ansvar och samverkan

{_FIKTIV}

### Ansvar

Nämnden ansvarar för att aktiviteter som är lämpliga i förhållande till lägesbilden
genomförs, för att medarbetarna känner till handlingsplanen och för att ekonomiskt stöd
eller lokaler inte går till aktörer som inte står bakom demokratins principer. Nämnden har
en lokal samordnare som

- deltar i nätverket för samordnare mot våldsbejakande extremism,
- håller den lokala lägesbilden aktuell och samlar in medarbetarnas erfarenheter genom
  den årliga enkäten,
- är förvaltningens kontaktpunkt gentemot polisen och andra berörda aktörer, och
- stödjer verksamheterna i frågor som rör våldsbejakande extremism.

### Samverkan

Verksamheterna samverkar nära med polisen enligt den lokala samverkansöverenskommelsen.
Frågor om våldsbejakande extremism tas upp i de samverkansforum som redan finns med skola,
socialtjänst, förskola, fritid och civilsamhälle.

## Samverkan kring individer

{_FIKTIV}

Medarbetare möter ibland individer som riskerar att dras in i destruktiva miljöer. Särskilt
viktig är samverkan mellan skola, socialtjänst och polis. Individen tillfrågas om samtycke
till att information delas mellan de berörda aktörerna, så att stödet kan samordnas.

## Rutin vid oro/händelse

{_FIKTIV}

Det finns en rutin för hur medarbetare ska agera vid oro för en individ eller vid en
händelse som kan ha koppling till våldsbejakande extremism. Rutinen finns på intranätet och
gås igenom på arbetsplatsträffar.

## Blankett för avidentifierad information

{_FIKTIV}

Vid oro eller en händelse med koppling till våldsbejakande extremism fyller medarbetaren i
blanketten för avidentifierad information och skickar den till förvaltningens samordnare.
Blanketterna är ett av underlagen till den lokala lägesbilden.

## Lokal lägesbild

{_FIKTIV}

Lägesbilden bygger på polisens kartläggning, anmälda brott, förvaltningens
incidentrapportering, blanketterna för avidentifierad information, rapporter om klotter och
enkäten till verksamheterna och samverkanspartnerna. Sammanfattningen nedan är framräknad ur underlagen.

## Förebyggande arbete

{_FIKTIV}

Det förebyggande arbetet stärker demokratin och motverkar utanförskap, våld och
kriminalitet. Det riktar sig brett, till exempel genom förskola, skola, fritid och
föreningsliv, och är inte specifikt inriktat på extremism.

## Förhindrande arbete

{_FIKTIV}

Det förhindrande arbetet riktas till personer som befinner sig i eller riskerar att dras in
i våldsbejakande miljöer, och till dem som vill lämna dem. Det är behoven och risken för
våld, inte åsikterna, som avgör vilka insatser som ges.

## Föreningsbidrag och upplåtande av lokaler

{_FIKTIV}

Innan nämnden beviljar bidrag eller upplåter lokaler kontrolleras att aktören står bakom
demokratins principer och de mänskliga rättigheterna. Kontrollen görs enligt checklistan i
bilaga 3.

## Kompetenshöjande insatser

{_FIKTIV}

Medarbetarna ska ha grundläggande kunskap om våldsbejakande extremism och känna till
rutinen vid oro eller händelse. Chefer och medarbetare erbjuds webbutbildningen om
våldsbejakande extremism.

## Uppföljning

{_FIKTIV}

Aktiviteterna följs upp i nämndens verksamhetsberättelse och i nästa års handlingsplan.
Aktiviteter som inte är klara förs över till nästa års plan.
"""


def _checklista(planar: int) -> str:
    return f"""{_FIKTIV}

Checklistan används inför beslut om föreningsbidrag och upplåtelse av lokaler under {planar}.

1. Har föreningen eller aktören stadgar som bygger på demokratins principer?
2. Finns det uppgifter om att aktören eller dess företrädare uppmanar till våld,
   diskriminering eller hot?
3. Har uppgifter inhämtats från samordnaren, polisen eller andra förvaltningar?
4. Är verksamhetens innehåll och målgrupp förenliga med ansökan?
5. Har beslutet och underlaget dokumenterats?
"""


def generera(data_dir: str | Path, konf: Konfiguration) -> list[Path]:
    """Write the example texts and approvals for every plan year; returns the files."""
    from vbe_lib.exempeldata.ord import ordbyte

    data_dir = Path(data_dir)
    byt = ordbyte(konf)  # the municipality's words, not Stockholm's
    filer: list[Path] = []
    for planar in range(konf.kommun.forsta_planar, konf.kommun.sista_planar + 1):
        kat = data_dir / indata_texter.MAPP / str(planar)
        kommun = kat / f"{indata_texter.KOMMUN}.md"
        _skriv(kommun, byt(_kommuntext(konf.kommun.namn, planar)))
        filer.append(kommun)
        for b in konf.kommun.handlingsplan.bilagor:
            if b.fil == CHECKLISTA:
                p = kat / "bilagor" / b.fil
                _skriv(p, byt(_checklista(planar)))
                filer.append(p)
        datum = dt.date(planar, 1, 20)
        for n in sorted(konf.namnder_planar(planar), key=lambda n: n.slug):
            t = indata_texter.las_namndtexter(data_dir, n.slug, planar)
            p = indata_texter.godkannande_fil(data_dir, n.slug, planar)
            indata_texter.skriv_godkannande(p, n.slug, planar, datum, t.filer, {})
            filer.append(p)
    return filer


def _skriv(p: Path, text: str) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8", newline="\n")
