"""Fictitious example activity files for every committee and plan year.

``generera(data_dir, konf, rng_seed)`` writes ``data_dir/aktiviteter/<Y>/<slug>.xlsx``
for plan years 2018–2025: 4–15 activities per committee built from the kinds of
activities in the seeds (book circle, web training, association-grant checklist,
collaboration with the police, the VBE team, …). Plans 2018–2024 are followed up
(statuses and comments filled in); plan 2025 is not. Unfinished activities carry over
between years with stable ids (the same rules as ``vbe revidera``), merged committees
carry theirs into the successor. One specialist committee uses its own groups (like
seed 003), one committee is quiet (few activities), and a few statuses use the seeds'
free wordings ("Påbörjad och pågående", "Genomförs löpande") so that the mapping warning
is exercised. Deterministic: the same seed gives byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from vbe_lib.parametrar.vocab import AKTIVITETSGRUPPER

from vbe_lib.render.xlsx import skriv_aktivitetsfil
from vbe_lib.indata.aktiviteter import ram
from vbe_lib.indata.revidera import overfor
from vbe_lib.exempeldata.ord import ordbyte

FORSTA_AR, SISTA_AR = 2018, 2025
#: Plans up to this year have been followed up (the follow-up of 2024 is in plan 2025).
SISTA_UPPFOLJDA = 2024
#: A specialist committee that groups by operation, like seed 003.
EGNA_GRUPPER_NAMND = "arbetsmarknadsnamnden"
#: A quiet committee with few activities.
LUGN_NAMND = "idrottsnamnden"

# (Aktivitet, Syfte/Mål, Ansvarig, kind of timeline) per group. '{Y}' = plan year.
# Timeline kinds: 'ar' (a year or a season), 'lopande' (ongoing).
_SDN: dict[str, list[tuple[str, str, str, str]]] = {
    "forebyggande": [
        ("Under ledning av stadens samordnare genomför de lokala samordnarna en bokcirkel utifrån "
         "Mattsson & Johanssons (2020) ”Den hatfulle andre. Vägar in i och ut ur nynazistiska rörelser”.",
         "Dela ny kunskap om vägar in i och ut ur våldsbejakande miljöer.",
         "Samordnare mot våldsbejakande extremism", "ar"),
        ("Berörda rektorer och chefer inom barn- och ungdomsprocessen samt preventionsprocessen för en gemensam "
         "diskussion utifrån bokcirkelns bok, i syfte att dela kunskap och idéer för samverkan.",
         "Stärka samverkan mellan skola och socialtjänst mot våldsbejakande extremism.",
         "Enhetschef barn och ungdom, samordnare mot våldsbejakande extremism", "ar"),
        ("Fältassistenter finns som samverkansparter med de kommunala skolorna i Agera tillsammans (AT) och "
         "Mentors in Violence Prevention (MVP).",
         "Minska risken för radikalisering och förekomsten av våldsbejakande beteenden.",
         "Biträdande enhetschef preventionsgruppen", "lopande"),
        ("Påbörja utvecklingen av arbetet med våldsprevention inom förskolorna genom nätverk och fortbildning.",
         "Ge förskolans personal verktyg för ett tidigt våldsförebyggande arbete.",
         "Avdelningschef förskolan", "ar"),
        ("Våldsbejakande extremism lyfts vid behov på stadsdelens trygghets- och säkerhetsråd (TSR).",
         "Hålla lägesbilden aktuell tillsammans med polis och andra aktörer.",
         "Stadsdelsdirektör", "lopande"),
        ("Samverkansöverenskommelse med polisen kring utvalda områden för att öka tryggheten och minska "
         "brottsligheten.",
         "Förbättra samverkan med polisen kring gemensamma fokusområden.",
         "Stadsdelsdirektör, trygghets- och säkerhetsstrateg", "lopande"),
        ("Rutin för att arbeta förebyggande inför manifestationer, så att extremistisk propaganda inte sprids "
         "på skolor och skolorna får information i beredskapssyfte.",
         "Förhindra att extremistisk propaganda sprids på skolor.",
         "Enhetschef, enheten för prevention och familjebehandling", "ar"),
        ("Fältassistenter arbetar uppsökande i miljöer där ungdomar befinner sig och uppmärksammar särskilt "
         "individer som uppvisar tendenser till våldsbejakande extremism.",
         "Fånga upp unga i riskzon tidigt.",
         "Enhetschef, enheten för prevention och familjebehandling", "lopande"),
        ("Demokratifrämjande arbete i form av ungdomsrådet, pensionärsrådet och rådet för "
         "funktionshinderfrågor.",
         "Stärka demokratin och invånarnas möjlighet till inflytande.",
         "Kvalitetschef, förvaltningens demokratigrupp", "lopande"),
        ("Erbjuda programmet ROS – respekt och självrespekt – till grundskolorna i stadsdelsområdet.",
         "Minska risken för att ungdomar utövar våld och öka medvetenheten om begränsande könsroller.",
         "Preventionsenheten i samarbete med utbildningsförvaltningen", "ar"),
        ("Dokumentera och sammanställa klisterlappar och affischer med inslag av våldsbejakande extremism "
         "inom stadsdelsområdet.",
         "Få en bättre lokal lägesbild av propaganda i det offentliga rummet.",
         "Parkmiljöavdelningen", "ar"),
        ("Information om Rädda Barnens stödtelefon och socialtjänstens kontaktuppgifter sprids genom "
         "förvaltningens kanaler.",
         "Invånare ska veta vart de kan vända sig med oro och frågor.",
         "Socialtjänsten, kommunikationsenheten", "ar"),
    ],
    "forhindrande": [
        ("Verksamheterna ska samverka med socialförvaltningens VBE-team om detta blir aktuellt.",
         "Säkerställa stöd och samordning i individärenden.",
         "Enhetschefer sociala avdelningen", "lopande"),
        ("Initiera utredning enligt 31 § LUL när ett barn under 15 år misstänks för brott och befinner sig "
         "i riskmiljöer för radikalisering.",
         "Ge socialtjänsten underlag för insatser till barn i riskmiljöer.",
         "Enhetschef barn och ungdom", "lopande"),
        ("Vid behov anlita den stadsövergripande avhopparverksamheten för avhoppare över 18 år.",
         "Underlätta för den som vill lämna en våldsbejakande miljö.",
         "Enhetschefer sociala avdelningen", "lopande"),
        ("Anhöriga erbjuds service, råd och stöd inom socialtjänstens ordinarie verksamheter, bland annat "
         "genom preventionsgruppens förebyggande socialsekreterare.",
         "Stödja anhöriga till personer med koppling till våldsbejakande extremism.",
         "Enhetschefer sociala avdelningen", "lopande"),
        ("Insatsen social insatsgrupp (SIG) används vid behov för individer som vill lämna extremism.",
         "Ge samordnat stöd till individer som vill lämna en destruktiv livsstil.",
         "Enhetschef familjeenheten, enhetschef vuxenenheten", "lopande"),
        ("Ta fram en lokal rutin för barn och unga som återvänder från krigsdrabbade områden, utifrån stadens "
         "vägledning.",
         "Tydliggöra ansvar och samverkan i ärenden om återvändande barn.",
         "Enhetschef familjeenheten", "ar"),
        ("Skapa rutiner tillsammans med socialtjänst, polis och skolor för en gemensam hantering av "
         "radikaliserade individer.",
         "Stärka samverkan mellan skolor, stadsdel och polis.",
         "Socialtjänsten (preventionsenheten), polis och skolor", "ar"),
        ("Ta ut årlig statistik från IA över tillbud med koppling till våldsbejakande extremism.",
         "Följa utvecklingen av händelser i de egna verksamheterna.",
         "HR-avdelningen, säkerhetsstrateg", "ar"),
    ],
    "foreningsbidrag": [
        ("Implementera stadsövergripande riktlinjer för föreningsbidrag och lokalupplåtelse när de är "
         "beslutade av kommunfullmäktige.",
         "Säkerställa att bidrag och lokaler inte går till aktörer som inte står bakom demokratins principer.",
         "Enhetschefer inom förvaltningen", "ar"),
        ("Använda checklistan för föreningsbidrag (kontrollerande uppgifter ur demokratiperspektiv) vid varje "
         "ansökan.",
         "En strukturerad och spårbar beredning av ansökningar om föreningsbidrag.",
         "Kultursekreterare", "lopande"),
        ("Kontinuerliga stickprovskontroller och uppföljning av föreningar som beviljats föreningsbidrag.",
         "Upptäcka om bidrag används i strid med stadens riktlinjer.",
         "Kultursamordnare", "ar"),
        ("Se över avtalen vid uthyrning av lokaler så att staden kan kontrollera uthyrningar och vid behov "
         "säga upp avtalet.",
         "Minska risken att lokaler upplåts till aktörer som främjar våldsbejakande extremism.",
         "Avdelningschef administration", "ar"),
    ],
    "kompetenshojande": [
        ("Chefer och medarbetare genomför stadens webbaserade grundutbildning om våldsbejakande extremism.",
         "Höja kunskapsnivån om våldsbejakande extremism i förvaltningen.",
         "Enhetschefer inom förvaltningen", "ar"),
        ("Relevant personal genomför den webbaserade fördjupningsutbildningen om våldsbejakande "
         "högerextremism.",
         "Ge verktyg för att bemöta konspirationsteorier och rasistiska idéer.",
         "Samtliga enhetschefer inom socialtjänstavdelningen", "ar"),
        ("Chefer och medarbetare har kunskap om stadens rutin vid oro eller händelse och om blanketten för "
         "avidentifierad information.",
         "Medarbetare ska veta hur de agerar vid oro kopplad till våldsbejakande extremism.",
         "Enhetschefer sociala avdelningen", "ar"),
        ("Trygghets- och säkerhetssamordnaren informerar om webbutbildningen i samband med "
         "säkerhetsintroduktionen för nyanställda.",
         "Alla nyanställda ska känna till webbutbildningen.",
         "Trygghets- och säkerhetssamordnare", "lopande"),
        ("Chefer och medarbetare uppdateras om lagstiftningen om informationsutbyte mellan socialtjänst och "
         "polis vid samverkan mot terrorism.",
         "Säkerställa att lagens möjligheter till informationsutbyte används rätt.",
         "Enhetschefer, sociala avdelningen", "ar"),
        ("Berörd personal deltar i de utbildningar och föreläsningar om våldsbejakande extremism som "
         "anordnas av staden.",
         "Upprätthålla kompetensen inom området.",
         "Samtliga enhetschefer", "lopande"),
        ("Erbjuda workshop om stadens vägledning för arbetet mot våldsbejakande extremism på "
         "arbetsplatsträffar.",
         "Öka kännedomen om vägledningen bland medarbetarna.",
         "Samordnare mot våldsbejakande extremism", "ar"),
    ],
}

_FACK: dict[str, list[tuple[str, str, str, str]]] = {
    "forebyggande": [
        ("Vid samverkansträffar mellan verksamheterna, polis och socialtjänst ska våldsbejakande extremism "
         "finnas med på dagordningen.",
         "Hålla frågan levande i befintliga samverkansforum.",
         "Ordförande i respektive samverkansforum", "lopande"),
        ("En representant från förvaltningen deltar i den stadsövergripande arbetsgruppen mot våldsbejakande "
         "extremism.",
         "Samordna arbetet och öka kunskapen i staden.",
         "Förvaltningens samordnare mot våldsbejakande extremism", "lopande"),
        ("Sprida information till förvaltningens medarbetare om nämndens handlingsplan, stadens vägledning och "
         "blanketten för avidentifierad information.",
         "Öka kännedomen om stadens stöd och rutiner.",
         "Förvaltningens samordnare", "ar"),
        ("Samla information om våldsbejakande extremism, demokratiuppdraget och trygghet på förvaltningens "
         "intranätsida.",
         "Göra stödmaterialet lätt att hitta.",
         "Kommunikationsenheten och förvaltningens samordnare", "ar"),
        ("Förvaltningen ska säkerställa att deltagandet i stadens enkät om våldsbejakande extremism får högre "
         "svarsfrekvens.",
         "Få en mer fullständig lägesbild.",
         "Förvaltningens samordnare, avdelningschefer", "ar"),
    ],
    "forhindrande": [
        ("Samverkan med socialtjänst och polis om individer som riskerar att radikaliseras.",
         "Fånga upp individer i riskzon tidigt.",
         "Avdelningschefer", "lopande"),
        ("All personal ska vid tecken på våldsbejakande extremism använda stadens rutin vid oro eller händelse "
         "och vid oro för ett barn göra en orosanmälan.",
         "Säkerställa att oro alltid leder till rätt åtgärd.",
         "Samtliga chefer", "lopande"),
        ("Följa upp samtliga IA-anmälningar där medarbetare markerat koppling till våldsbejakande extremism.",
         "Stödja verksamheterna och förbättra rutinerna.",
         "Förvaltningens samordnare, HR-avdelningen", "ar"),
    ],
    "foreningsbidrag": [
        ("Implementera de stadsövergripande rutinerna för föreningsbidrag och uthyrning av lokaler.",
         "Säkerställa att bidrag och lokaler inte går till aktörer som inte står bakom demokratins principer.",
         "Avdelningschef administration", "ar"),
        ("Använda checklistan för föreningsbidrag vid beredning av ansökningar.",
         "En enhetlig och spårbar beredning.",
         "Handläggare för föreningsstöd", "lopande"),
    ],
    "kompetenshojande": [
        ("Prioriterade medarbetare och chefer genomför stadens webbaserade grundutbildning mot våldsbejakande "
         "extremism.",
         "Höja kunskapsnivån i förvaltningen.",
         "Förvaltningsledningen, avdelningschefer", "ar"),
        ("Erbjuda fördjupningsutbildning om yttrandefrihetens gränser och det demokratifrämjande uppdraget.",
         "Ge medarbetare stöd i svåra samtal.",
         "Förvaltningens samordnare", "ar"),
        ("Informera på intranätet om webbutbildningen som ger grundläggande kunskaper om våldsbejakande "
         "extremism.",
         "Fler medarbetare genomför webbutbildningen.",
         "Förvaltningens samordnare", "ar"),
        ("I samarbete med socialförvaltningen erbjuda utbildning om orosanmälningar och våldsprevention.",
         "Säkerställa att oro för barn anmäls till socialtjänsten.",
         "Förvaltningens samordnare i samverkan med socialförvaltningen", "ar"),
    ],
}

_EGNA: dict[str, list[tuple[str, str, str, str]]] = {
    "Verksamheten för integration och arbetsmarknad": [
        ("Närvarande och kontinuerliga möten och diskussioner i förvaltningens boenden för nyanlända.",
         "Stärka förståelse och kunskap om demokratiska värderingar och skapa trygghet.",
         "Integrationsenheten", "lopande"),
        ("Inventering av kunskap hos SFI-elever om extremism och om vem man kontaktar vid oro.",
         "Förmedla kunskap och medvetenhet om våldsbejakande extremism.",
         "Integrationsavdelningen och SFI", "ar"),
        ("Samtalsgrupper med nyanlända om mänskliga rättigheter, jämställdhet, föräldraroll och religion i "
         "det nya hemlandet.",
         "Stärka förståelse för demokratiska värderingar.",
         "Integrationsenheten", "lopande"),
        ("Få deltagare i praktik eller annan insats så fort som möjligt.",
         "Minskad segregation som ger jämlika levnadsvillkor.",
         "Arbetsmarknadsenheten", "lopande"),
        ("Information till medarbetarna om rutinen när de uppmärksammar eller misstänker våldsbejakande "
         "extremism.",
         "Medarbetarna känner till rutinen och för informationen vidare till rätt aktör.",
         "Avdelningschef arbetsmarknad", "ar"),
        ("Föreläsningar för tjänstepersoner och förtroendevalda om våldsbejakande extremism.",
         "Öka kunskap och medvetenhet om våldsbejakande extremism.",
         "Förvaltningens samordnare", "ar"),
    ],
    "Verksamheten för vuxenutbildning": [
        ("Utbildning om nätetik i sociala medier och källkritik.",
         "Öka kunskapen hos elever och lärare om näthat och utanförskap.",
         "Rektorer inom vuxenutbildningen", "ar"),
        ("Avsätta lektionstid för demokrati och mänskliga rättigheter.",
         "Förstärka elevernas förståelse av demokratiskt styrelseskick.",
         "Rektorer inom vuxenutbildningen", "ar"),
        ("Pedagogiska diskussioner om inkludering och mångfald i arbetslagen.",
         "Ökad inkludering och förståelse för mångfald.",
         "Rektorer, arbetslagsledare", "lopande"),
        ("Elevhälsan identifierar och stöttar elever i riskzon och samverkar med socialtjänst vid oro.",
         "En tydlig ärendegång när det finns oro för en elev.",
         "Elevhälsochef", "lopande"),
    ],
}

_UPPFOLJNING = ["Verksamhetsberättelse {Y}", "Handlingsplan mot VBE {N}", "{Y}-12-31",
                "Tertialrapport 2 {Y}", "I stadsdelsförvaltningens verksamhetsberättelse för {Y}"]
_UPPFOLJNING_FACK = ["Verksamhetsberättelse {Y}", "Handlingsplan mot VBE {N}", "{Y}-12-31",
                     "Tertialrapport 2 {Y}"]
_TIDPLAN_AR = ["{Y}", "Under {Y}", "Hösten {Y}", "Våren {Y}", "{Y}-06-30", "Klar juni {Y}", "Genomförs under {Y}"]
_TIDPLAN_LOPANDE = ["Löpande", "Löpande vid behov", "Pågående", "Löpande under året"]

_STATUS_P = {"genomford": 0.52, "pagaende": 0.17, "paborjad": 0.12, "ej_paborjad": 0.11, "installd": 0.08}
_FRIA = {"pagaende": ["Påbörjad och pågående", "Genomförs löpande", "Pågår"], "genomford": ["Klart"]}
_KOMMENTAR = {
    "genomford": ["Genomförd enligt plan.", "Genomfördes under hösten {Y}.",
                  "Klart; rutinen finns på samarbetsytan.", "Genomfördes med god uppslutning.",
                  "Genomförd och fler tillfällen planeras {N}."],
    "pagaende": ["Fortsätter under {N}.", "Arbetet pågår i ordinarie verksamhet.",
                 "Pågår; stäms av i samverkansforumet två gånger per år.", "Pågår, förs över till {N}."],
    "paborjad": ["Planering påbörjad hösten {Y}.", "Påbörjad; slutförs under {N}.",
                 "Ett första möte har hållits."],
    "ej_paborjad": ["Har inte hunnits med under {Y}.", "Skjuts upp till {N} i väntan på stadens riktlinjer.",
                    "Inte påbörjad på grund av vakant tjänst."],
    "installd": ["Ersatt av en stadsövergripande insats.", "Ställdes in; behovet bedöms inte längre finnas.",
                 "Inställd efter beslut i ledningsgruppen."],
}
_KOMMENTAR_PANDEMI = "Ställdes in på grund av pandemin."


def id_prefix(konf) -> dict[str, str]:
    """A unique, stable prefix per committee: the first letters of its short name
    ('Södermalm' → 'SÖD'), extended when two committees would share one."""
    ut: dict[str, str] = {}
    for slug in sorted(konf.namnder):
        bas = re.sub(r"[^A-ZÅÄÖ]", "", unicodedata.normalize("NFC", konf.namnder[slug].kortnamn).upper())
        n = 3
        while bas[:n] in ut.values() and n < len(bas):
            n += 1
        ut[slug] = bas[:n]
    return ut


def _val(rng: np.random.Generator, lista: list):
    return lista[int(rng.integers(len(lista)))]


def _katalog(slug: str, konf) -> dict[str, list[tuple[str, str, str, str]]]:
    if slug == EGNA_GRUPPER_NAMND:
        return _EGNA
    if konf.namnder[slug].typ == "facknamnd":
        return _FACK
    return _SDN


def _grupp_etikett(g: str) -> str:
    return AKTIVITETSGRUPPER.etikett(g) if g in AKTIVITETSGRUPPER.etiketter else g


def _tidplan(rng, typ: str, ar: int) -> str:
    return _val(rng, _TIDPLAN_LOPANDE if typ == "lopande" else _TIDPLAN_AR).format(Y=ar)


def _status(rng, typ: str, ar: int, overford: bool, slutar: bool = False) -> tuple[str, str, str]:
    """(key, text as written, comment). ``slutar``: the committee's last plan (a merger
    follows), when more gets finished, so the successor's plan stays within 15."""
    p = dict(_STATUS_P)
    if typ == "lopande":
        p = {"genomford": 0.1, "pagaende": 0.75, "paborjad": 0.05, "ej_paborjad": 0.05, "installd": 0.05}
    if overford:
        p["genomford"] += 0.2
    if slutar:
        p["genomford"] += 0.6
    nycklar = list(p)
    vikter = np.array([p[k] for k in nycklar])
    k = nycklar[int(rng.choice(len(nycklar), p=vikter / vikter.sum()))]
    text = ""
    if k in _FRIA and rng.random() < (0.06 if typ == "lopande" else 0.02):
        text = _val(rng, _FRIA[k])
    kommentar = _val(rng, _KOMMENTAR[k]).format(Y=ar, N=ar + 1)
    if k == "installd" and ar in (2020, 2021) and rng.random() < 0.7:
        kommentar = _KOMMENTAR_PANDEMI
    if rng.random() < 0.1:
        kommentar = ""
    return k, text, kommentar


def generera(data_dir: str | Path, konf, rng_seed: int = 2021) -> list[Path]:
    """Write the example activity files; returns the paths written (sorted)."""
    rng = np.random.default_rng(rng_seed)
    data_dir = Path(data_dir)
    prefix = id_prefix(konf)
    byt = ordbyte(konf)
    skrivna: list[Path] = []
    # state per committee: DataFrame of plan Y−1 (normalised columns) + template key per id
    forra: dict[str, pd.DataFrame] = {}
    mall_for_id: dict[str, tuple[str, int]] = {}
    for ar in range(FORSTA_AR, SISTA_AR + 1):
        denna: dict[str, pd.DataFrame] = {}
        for namnd in konf.namnder_planar(ar):
            slug = namnd.slug
            katalog = _katalog(slug, konf)
            # carried over from plan Y−1 (self or predecessors), revidera's rules
            delar = []
            for kalla, df in forra.items():
                if konf.efterfoljare_planar(kalla, ar) == slug:
                    kvar, _ = overfor(df, ar - 1, konf.namnder[kalla].kortnamn if kalla != slug else None)
                    delar.append(kvar)
            overforda = pd.concat(delar, ignore_index=True) if delar else pd.DataFrame()
            poster = overforda.to_dict("records") if len(overforda) else []
            for p in poster:  # a coordinator often moves the timeline of a carried activity
                typ = _katalog_typ(katalog, mall_for_id.get(p["id"]))
                if typ is not None and typ != "lopande" and rng.random() < 0.5:
                    p["tidplan"] = _tidplan(rng, typ, ar)
            if slug == LUGN_NAMND:
                mal = int(rng.integers(4, 6))
            else:
                mal = int(rng.integers(7, 16))
            antal_nya = max(mal - len(poster), 1 if len(poster) < min(mal, 15) else 0)
            upptagna = {mall_for_id[p["id"]] for p in poster if p["id"] in mall_for_id}
            lediga = [(g, i) for g in katalog for i in range(len(katalog[g])) if (g, i) not in upptagna]
            ordning = rng.permutation(len(lediga))
            valda = sorted([lediga[int(j)] for j in ordning[:antal_nya]],
                           key=lambda gi: (list(katalog).index(gi[0]), gi[1]))
            for nr, (g, i) in enumerate(valda, start=1):
                aktivitet, syfte, ansvarig, typ = katalog[g][i]
                aid = f"{prefix[slug]}-{ar}-{nr:02d}"
                mall_for_id[aid] = (g, i)
                # the texts in the municipality's words (exempeldata.ord), not Stockholm's
                poster.append({
                    "id": aid, "grupp": _grupp_etikett(g), "aktivitet": byt(aktivitet), "syfte": byt(syfte),
                    "ansvarig": byt(ansvarig), "tidplan": _tidplan(rng, typ, ar),
                    "uppfoljning": byt(_val(rng, _UPPFOLJNING if namnd.typ == "stadsdelsnamnd" else _UPPFOLJNING_FACK
                                            ).format(Y=ar, N=ar + 1)),
                    "status": None, "status_text": "", "kommentar": "", "ursprung": ar, "historik": "",
                })
            # order: group order of the catalogue, carried first within a group
            grupp_ordning = [_grupp_etikett(g) for g in katalog]
            poster.sort(key=lambda p: grupp_ordning.index(p["grupp"]) if p["grupp"] in grupp_ordning else 99)
            if ar <= SISTA_UPPFOLJDA:
                slutar = konf.efterfoljare_planar(slug, ar + 1) != slug
                for p in poster:
                    typ = _katalog_typ(katalog, mall_for_id.get(p["id"])) or "ar"
                    k, text, kommentar = _status(rng, typ, ar, overford=p["ursprung"] != ar, slutar=slutar)
                    p["status"], p["status_text"], p["kommentar"] = k, byt(text), byt(kommentar)
            df = ram(poster)
            denna[slug] = df
            skriv = df.copy()
            skriv["status"] = [t or k for k, t in zip(df["status"], df["status_text"])]
            om = [
                f"Aktiviteter i {namnd.namn}s handlingsplan {ar}",
                ("Status och Kommentar är ifyllda vid uppföljningen inför handlingsplan "
                 f"{ar + 1}." if ar <= SISTA_UPPFOLJDA else
                 f"Planen är inte uppföljd ännu; Status och Kommentar fylls i inför handlingsplan {ar + 1}."),
                "Kolumnerna beskrivs i docs/aktiviteter.md. Skapad av kommandot vbe exempeldata.",
            ]
            fil = data_dir / "aktiviteter" / str(ar) / f"{slug}.xlsx"
            skrivna.append(skriv_aktivitetsfil(skriv, fil, dt.date(ar, 2, 1), om, exempeldata=True))
        forra = denna
    return sorted(skrivna)


def _katalog_typ(katalog: dict, mall: tuple[str, int] | None) -> str | None:
    if mall is None or mall[0] not in katalog or mall[1] >= len(katalog[mall[0]]):
        return None
    return katalog[mall[0]][mall[1]][3]
