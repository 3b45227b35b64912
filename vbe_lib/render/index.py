"""The index pages of the published reports: ``outputs/<Y>/index.html`` (every committee of
a plan year with its reports, status, build date, links and withheld texts, and the city
summary) and ``outputs/index.html`` (the plan years).

Static and self-contained: inline CSS (allowed by hash in the page's own
Content-Security-Policy, :func:`vbe_lib.integritet.sanering.csp`), no script, ``lang="sv"``,
one ``h1``, tables with a caption and ``th scope``. The pages are made from plain values
(:class:`Indexrad`, :class:`Arsrad`) that :mod:`vbe_lib.bygg.index` reads from the
manifests, so the same manifests give the same bytes; every text is HTML-escaped.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from vbe_lib.integritet import sanering
from vbe_lib.presentation import fmt

#: the report kinds of a committee, in the order of the columns, with their headers
RAPPORTER = (("lagesbild", "Lägesbild"), ("uppfoljning", "Uppföljning"), ("handlingsplan", "Handlingsplan"))
#: the formats linked, in this order
FORMAT = ("html", "pdf", "docx", "xlsx")

#: status words (the first word of the status cell)
KLAR, ATERANVAND, UTKAST, FEL, EJ_BYGGD = "Klar", "Återanvänd", "Utkast", "Fel", "Inte byggd"

STIL = """\
body { font-family: "Source Sans 3", "Source Sans Pro", Arial, sans-serif; color: #1a1a1a; background: #fff;
  margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; }
p.ingress { margin-top: 0; color: #333; }
.tabell { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.4rem 0; }
th, td { border-bottom: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th.tal { text-align: right; }
thead th { border-bottom: 2px solid #1a1a1a; }
td.tal { text-align: right; font-variant-numeric: tabular-nums; }
td.datum { white-space: nowrap; }
a { color: #0b4f8a; }
a:focus { outline: 3px solid #0b4f8a; outline-offset: 2px; }
ul.filer { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 0.6rem; }
.status { font-weight: 600; }
.status-fel { color: #9b1c1c; }
.status-utkast { color: #7a4b00; }
.anm { display: block; font-weight: 400; color: #333; }
.dold { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2.5rem; font-size: 0.9rem; color: #333; }
"""


@dataclass
class Indexrad:
    """One committee (or the city summary) on a plan year's index page."""

    slug: str
    namn: str
    #: one of KLAR, ATERANVAND, UTKAST, FEL, EJ_BYGGD
    status: str
    #: Swedish remarks shown under the status (the reason of a failure, …)
    anmarkningar: list[str] = field(default_factory=list)
    #: ISO date the published reports state, or None
    byggdatum: str | None = None
    #: report kind -> format -> file name (relative to the committee's folder)
    filer: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the combined plan PDF's file name, if it exists
    med_bilagor: str | None = None
    #: texts withheld in the published reports; None: not recorded (shown "..")
    undanhallna: int | None = None


@dataclass
class Arsrad:
    """One plan year on the overview page."""

    planar: int
    namnder: int
    klara: int
    fel: int
    utkast: int
    #: the city summary's HTML file (relative to the year's folder), if published
    sammanstallning: str | None = None


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _sida(titel: str, kropp: str) -> str:
    csp = sanering.csp([STIL])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(titel)}</title>\n<style>{STIL}</style>\n</head>\n<body>\n"
        f"<main>\n{kropp}</main>\n</body>\n</html>\n"
    )


def _datum(iso: str | None) -> str:
    if not iso:
        return fmt.SAKNAS
    try:
        return fmt.datum(iso)
    except (ValueError, TypeError):
        return fmt.SAKNAS


def _lankar(mapp: str, namn: str, rapport: str, filer: dict[str, str]) -> str:
    if not filer:
        return fmt.NOLL
    delar = []
    for f in FORMAT:
        if f in filer:
            href = f"{mapp}/{filer[f]}"
            delar.append(f'<li><a href="{_e(href)}"><span class="dold">{_e(rapport)}, {_e(namn)}, </span>'
                         f"{f.upper()}</a></li>")
    return f'<ul class="filer">{"".join(delar)}</ul>'


def _status(rad: Indexrad) -> str:
    klass = {FEL: " status-fel", UTKAST: " status-utkast"}.get(rad.status, "")
    anm = "".join(f'<span class="anm">{_e(a)}</span>' for a in rad.anmarkningar)
    return f'<span class="status{klass}">{_e(rad.status)}</span>{anm}'


def _undanhallna(n: int | None) -> str:
    return fmt.SAKNAS if n is None else fmt.cell(n)


def arssida(planar: int, kommun: str, rader: list[Indexrad], stad: Indexrad | None,
            sammanstallning: str = "Kommunens sammanställning", overgripande: str = "Kommunövergripande") -> str:
    """``outputs/<Y>/index.html``: ``rader`` (the committees, in the order given) and the
    city summary ``stad`` (None: not built)."""
    titel = f"Handlingsplaner mot våldsbejakande extremism {planar}" + (f" – {kommun}" if kommun else "")
    klara = sum(r.status in (KLAR, ATERANVAND, UTKAST) for r in rader)
    fel = sum(r.status == FEL for r in rader)
    utkast = sum(r.status == UTKAST for r in rader)
    ut = [f"<h1>{_e(titel)}</h1>\n",
          f'<p class="ingress">Planår {planar}: {_e(fmt.antal_ord(len(rader), "nämnd", "nämnder"))}, '
          f"{_e(fmt.tal(klara))} med publicerade rapporter, {_e(fmt.tal(fel))} med fel, "
          f"{_e(fmt.tal(utkast))} märkta Utkast. "
          '<a href="../index.html">Alla planår</a>.</p>\n']
    ut.append('<h2 id="namnder">Nämndernas rapporter</h2>\n<div class="tabell" role="region" tabindex="0" '
              'aria-labelledby="namnder">\n<table>\n'
              f"<caption>Rapporter per nämnd, planår {planar}. Undanhållna texter: texter som inte publicerades "
              "eftersom de kunde innehålla personuppgifter.</caption>\n<thead><tr>"
              '<th scope="col">Nämnd</th><th scope="col">Status</th><th scope="col">Byggd</th>'
              + "".join(f'<th scope="col">{_e(r[1])}</th>' for r in RAPPORTER)
              + '<th scope="col">Handlingsplan med bilagor</th><th scope="col" class="tal">Undanhållna texter</th>'
              "</tr></thead>\n<tbody>\n")
    for r in rader:
        ut.append(_rad(r))
    ut.append("</tbody>\n</table>\n</div>\n")
    ut.append(f'<h2 id="stad">{_e(sammanstallning)}</h2>\n')
    if stad is None:
        ut.append("<p>Sammanställningen är inte byggd för planåret (den byggs med <code>vbe rapport --alla</code>)."
                  "</p>\n")
    else:
        ut.append('<div class="tabell" role="region" tabindex="0" aria-labelledby="stad">\n<table>\n'
                  f"<caption>{_e(overgripande)} sammanställning, planår {planar}.</caption>\n<thead><tr>"
                  '<th scope="col">Rapport</th><th scope="col">Status</th><th scope="col">Byggd</th>'
                  '<th scope="col">Filer</th><th scope="col" class="tal">Undanhållna texter</th></tr></thead>\n<tbody>\n'
                  f'<tr><th scope="row">{_e(stad.namn)}</th><td>{_status(stad)}</td>'
                  f"<td>{_e(_datum(stad.byggdatum))}</td>"
                  f"<td>{_lankar(stad.slug, stad.namn, 'Sammanställning', stad.filer.get('sammanstallning', {}))}"
                  f'</td><td class="tal">{_e(_undanhallna(stad.undanhallna))}</td></tr>\n</tbody>\n</table>\n</div>\n')
    ut.append("<footer><p>Sidan skapas av <code>vbe rapport</code> ur byggenas manifest. ”Återanvänd”: indata, "
              "parametrar och kod var oförändrade, så de tidigare publicerade filerna gäller. ”Utkast”: nämndens "
              "egen text saknar giltigt godkännande. ”Fel”: det senaste bygget misslyckades; tidigare publicerade "
              f"filer ligger kvar och länkas. {fmt.SAKNAS} = uppgift saknas.</p></footer>\n")
    return _sida(titel, "".join(ut))


def _rad(r: Indexrad) -> str:
    celler = [f'<th scope="row">{_e(r.namn)}</th>', f"<td>{_status(r)}</td>",
              f'<td class="datum">{_e(_datum(r.byggdatum))}</td>']
    for typ, rubrik in RAPPORTER:
        celler.append(f"<td>{_lankar(r.slug, r.namn, rubrik, r.filer.get(typ, {}))}</td>")
    if r.med_bilagor:
        celler.append(f'<td><a href="{_e(r.slug + "/" + r.med_bilagor)}"><span class="dold">Handlingsplan med '
                      f'bilagor, {_e(r.namn)}, </span>PDF</a></td>')
    else:
        celler.append(f"<td>{fmt.NOLL}</td>")
    celler.append(f'<td class="tal">{_e(_undanhallna(r.undanhallna))}</td>')
    return "<tr>" + "".join(celler) + "</tr>\n"


def oversikt(kommun: str, ar: list[Arsrad], sammanstallning: str = "Kommunens sammanställning") -> str:
    """``outputs/index.html``: one row per plan year, linking to its index page."""
    titel = "Handlingsplaner mot våldsbejakande extremism" + (f" – {kommun}" if kommun else "")
    ut = [f"<h1>{_e(titel)}</h1>\n"]
    if not ar:
        ut.append("<p>Inga rapporter är byggda ännu.</p>\n")
        return _sida(titel, "".join(ut))
    ut.append('<div class="tabell" role="region" tabindex="0" aria-labelledby="ar-rubrik">\n<table>\n'
              '<caption id="ar-rubrik">Publicerade rapporter per planår.</caption>\n<thead><tr>'
              '<th scope="col">Planår</th><th scope="col" class="tal">Nämnder</th>'
              '<th scope="col" class="tal">Med publicerade rapporter</th>'
              '<th scope="col" class="tal">Med fel</th><th scope="col" class="tal">Märkta Utkast</th>'
              f'<th scope="col">{_e(sammanstallning)}</th></tr></thead>\n<tbody>\n')
    for a in ar:
        stad = (f'<a href="{a.planar}/{_e(a.sammanstallning)}">Sammanställning {a.planar}'
                '<span class="dold">, HTML</span></a>' if a.sammanstallning else fmt.NOLL)
        ut.append(f'<tr><th scope="row"><a href="{a.planar}/index.html">Planår {a.planar}</a></th>'
                  f'<td class="tal">{_e(fmt.cell(a.namnder))}</td><td class="tal">{_e(fmt.cell(a.klara))}</td>'
                  f'<td class="tal">{_e(fmt.cell(a.fel))}</td><td class="tal">{_e(fmt.cell(a.utkast))}</td>'
                  f"<td>{stad}</td></tr>\n")
    ut.append("</tbody>\n</table>\n</div>\n<footer><p>Sidan skapas av <code>vbe rapport</code> ur byggenas "
              f"manifest. {fmt.NOLL} = inga.</p></footer>\n")
    return _sida(titel, "".join(ut))
