"""The wrapper page of ``vbe forhandsgranska`` (:mod:`vbe_lib.bygg.forhandsgranskning`): the
committee's reports from the preview folder in a frame, one tab per report, the last
build's problems above them (the previous good report stays visible underneath), and a
small script that reloads the page when the server's event stream (``/handelser``, Server-
Sent Events) says that a rebuild has finished, and replaces the list of files (PDF, Word)
when the server says that they are ready for an unchanged page (event ``filer``).

The page has its own strict Content-Security-Policy (:func:`csp`: its one style and its
one script by sha256, frames and connections to its own origin only), ``lang="sv"``, a
title, one ``h1`` and a status region (``role="status"``, ``aria-live="polite"``) that says
what the server is doing. Every text from a build (error messages may quote input) is
HTML-escaped.
"""
from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass, field

#: the reports of a committee, in tab order
RAPPORTER = (("lagesbild", "Lägesbild"), ("uppfoljning", "Uppföljning"), ("handlingsplan", "Handlingsplan"))

STIL = """\
body { font-family: "Source Sans 3", "Source Sans Pro", Arial, sans-serif; color: #1a1a1a; background: #fff;
  margin: 0; line-height: 1.45; }
header { padding: 0.75rem 1.25rem 0.25rem; border-bottom: 1px solid #bbb; }
h1 { font-size: 1.4rem; margin: 0; }
#status { margin: 0.25rem 0 0.5rem; color: #333; }
main { padding: 0 1.25rem 1rem; }
.problem { border: 2px solid #9b1c1c; background: #fdf2f2; padding: 0.5rem 1rem; margin: 0.75rem 0; }
.problem h2 { color: #9b1c1c; font-size: 1.15rem; margin: 0.25rem 0; }
.problem li { margin: 0.2rem 0; white-space: pre-wrap; }
.info { border-left: 4px solid #7a4b00; padding: 0.25rem 0.75rem; margin: 0.75rem 0; }
.info h2 { font-size: 1.05rem; margin: 0.25rem 0; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; margin: 0.75rem 0 0; padding: 0; }
nav a { display: inline-block; padding: 0.35rem 0.9rem; border: 1px solid #0b4f8a; border-bottom: none;
  color: #0b4f8a; text-decoration: none; border-radius: 4px 4px 0 0; }
nav a[aria-current="page"] { background: #0b4f8a; color: #fff; }
a:focus { outline: 3px solid #e8a200; outline-offset: 2px; }
p.filer { margin: 0.4rem 0; }
iframe { width: 100%; height: 78vh; border: 1px solid #0b4f8a; }
.tomt { padding: 2rem 0; }
.dold { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""

SKRIPT = """\
(function () {
  var status = document.getElementById("status");
  var bygge = document.body.getAttribute("data-bygge");
  if (!window.EventSource) { return; }
  var kalla = new EventSource("/handelser");
  kalla.addEventListener("bygger", function (e) { status.textContent = "Bygger om: " + e.data; });
  kalla.addEventListener("bygge", function (e) { if (e.data !== bygge) { window.location.reload(); } });
  kalla.addEventListener("filer", function () {
    fetch(window.location.href, { cache: "no-store" }).then(function (svar) { return svar.text(); })
      .then(function (text) {
        var ny = new DOMParser().parseFromString(text, "text/html");
        ["filer", "status"].forEach(function (id) {
          var gammal = document.getElementById(id), ersatt = ny.getElementById(id);
          if (gammal && ersatt) { gammal.replaceWith(document.importNode(ersatt, true)); }
        });
        status = document.getElementById("status");
      });
  });
  kalla.onerror = function () {
    status.textContent = "Kontakten med förhandsgranskningen bröts. Är vbe forhandsgranska fortfarande igång?";
  };
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp() -> str:
    """The wrapper page's Content-Security-Policy."""
    return (f"default-src 'none'; style-src {_hash(STIL)}; script-src {_hash(SKRIPT)}; connect-src 'self'; "
            "frame-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")


@dataclass
class Sidlage:
    """What the wrapper page shows."""

    namnd_namn: str
    planar: int
    #: the number of the last finished build (the script reloads when the server's differs)
    bygge: int
    #: the status region's text
    status: str
    #: report kind -> format -> file name in the preview folder
    filer: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the last build's problems (Swedish, one per line); empty: it succeeded
    problem: list[str] = field(default_factory=list)
    #: remarks of the last good build (withheld texts, text approval)
    info: list[str] = field(default_factory=list)
    #: the report shown in the frame
    visa: str = "lagesbild"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def sida(s: Sidlage) -> str:
    """The wrapper page's HTML."""
    titel = f"Förhandsgranskning – {s.namnd_namn} {s.planar}"
    ut = [f'<header>\n<h1>Förhandsgranskning: {_e(s.namnd_namn)}, planår {s.planar}</h1>\n'
          f'<p id="status" role="status" aria-live="polite">{_e(s.status)}</p>\n</header>\n<main>\n']
    if s.problem:
        ut.append('<section class="problem" aria-labelledby="problem-rubrik">\n'
                  '<h2 id="problem-rubrik">Det senaste bygget misslyckades</h2>\n'
                  + ("<p>Rapporten nedan är den senast byggda som lyckades. Rätta felet och spara filen igen.</p>\n"
                     if s.filer else "<p>Ingen rapport har byggts ännu. Rätta felet och spara filen igen.</p>\n")
                  + "<ul>\n" + "".join(f"<li>{_e(p)}</li>\n" for p in s.problem) + "</ul>\n</section>\n")
    if s.info:
        ut.append('<section class="info" aria-labelledby="info-rubrik">\n<h2 id="info-rubrik">Att granska</h2>\n<ul>\n'
                  + "".join(f"<li>{_e(p)}</li>\n" for p in s.info) + "</ul>\n</section>\n")
    finns = [(typ, rubrik) for typ, rubrik in RAPPORTER if s.filer.get(typ, {}).get("html")]
    if finns:
        visa = s.visa if any(t == s.visa for t, _ in finns) else finns[0][0]
        ut.append('<nav aria-label="Rapporter">\n<ul>\n')
        for typ, rubrik in finns:
            aktuell = ' aria-current="page"' if typ == visa else ""
            ut.append(f'<li><a href="/?visa={typ}"{aktuell}>{_e(rubrik)}</a></li>\n')
        ut.append("</ul>\n</nav>\n")
        rubrik = dict(RAPPORTER)[visa]
        filer = s.filer[visa]
        andra = [f'<a href="/rapport/{_e(filer[f])}">{f.upper()}<span class="dold"> ({_e(rubrik)})</span></a>'
                 for f in ("pdf", "docx", "xlsx") if f in filer]
        if s.filer.get("med_bilagor", {}).get("pdf"):
            andra.append(f'<a href="/rapport/{_e(s.filer["med_bilagor"]["pdf"])}">Handlingsplan med bilagor (PDF)</a>')
        delar = [f'Öppna som fil: {", ".join(andra)}.'] if andra else []
        if "pdf" not in filer:  # the preview's HTML-only pass: the full pass follows
            delar.append("PDF- och Word-filerna byggs när inget har sparats på en stund.")
        if delar:
            ut.append(f'<p class="filer" id="filer">{" ".join(delar)}</p>\n')
        ut.append(f'<iframe src="/rapport/{_e(filer["html"])}" title="{_e(rubrik)}, {_e(s.namnd_namn)} '
                  f'{s.planar}"></iframe>\n')
    elif not s.problem:
        ut.append('<p class="tomt">Rapporterna byggs – sidan laddas om när de är klara.</p>\n')
    ut.append("</main>\n")
    return ("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{_e(csp())}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(titel)}</title>\n<style>{STIL}</style>\n</head>\n"
            f'<body data-bygge="{s.bygge}">\n{"".join(ut)}<script>{SKRIPT}</script>\n</body>\n</html>\n')
