"""The yearly revision: carry plan Y's unfinished activities into plan Y+1.

Every activity of plan Y that is not done ('Genomförd') or cancelled ('Inställd') is
carried over with the same Id; its status and comment are cleared, ``Ursprung`` (the
plan year it first appeared) is kept (or set to Y), and ``Historik`` gets the line
``"Y: <status> – <kommentar>"``. Committees that do not exist in Y+1 carry their
activities into their successor (``Konfiguration.efterfoljare_planar``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vbe_lib.indata.datakalla import ar_exempeldata
from vbe_lib.parametrar.vocab import STATUSAR

from vbe_lib.indata.aktiviteter import KLARA_STATUSAR, hitta_filer, las_namnd, ram


class RevideringsFel(Exception):
    """Raised with Swedish messages when the request itself is wrong (unknown committee)."""

    def __init__(self, meddelanden: list[str]):
        self.meddelanden = meddelanden
        super().__init__("\n".join(meddelanden))


def historikrad(ar: int, status: str | None, kommentar: str, kalla: str | None = None) -> str:
    """'2021: Pågående – Fortsätter under 2022' (with the committee when carried into a successor)."""
    s = STATUSAR.etikett(status) if status else "ingen status"
    ar_text = f"{ar} ({kalla})" if kalla else str(ar)
    return f"{ar_text}: {s}" + (f" – {kommentar.strip()}" if kommentar and kommentar.strip() else "")


def overfor(df: pd.DataFrame, ar: int, kalla: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(carried over, left behind) for plan ``ar``'s activities ``df`` (normalised frame)."""
    if df.empty:
        return df.copy(), df.copy()
    klar = df["status"].isin(list(KLARA_STATUSAR))
    kvar = df[~klar].copy()
    kvar["historik"] = [
        (h.rstrip() + "\n" if h and h.strip() else "") + historikrad(ar, s, k, kalla)
        for h, s, k in zip(kvar["historik"], kvar["status"], kvar["kommentar"])
    ]
    kvar["ursprung"] = pd.array([ar if pd.isna(u) else int(u) for u in kvar["ursprung"]], dtype="Int64")
    kvar["status"] = pd.Series([None] * len(kvar), index=kvar.index, dtype=object)
    kvar["status_text"] = ""
    kvar["kommentar"] = ""
    return kvar.reset_index(drop=True), df[klar].reset_index(drop=True)


@dataclass
class Revidering:
    """What ``revidera`` did for one committee of plan Y+1."""

    namnd: str
    namn: str
    ar: int                      # plan Y, the plan revised
    kallor: list[str]
    utfall: str                  # 'skriven', 'finns', 'ingen_kalla', 'inget_att_fora', 'fel'
    fil: Path | None = None
    overforda: int = 0
    lamnade: int = 0
    meddelanden: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.utfall in ("skriven", "ingen_kalla", "inget_att_fora")

    def text(self) -> str:
        """One Swedish paragraph for the terminal."""
        ny = self.ar + 1
        if self.utfall == "skriven":
            t = (f"{self.namn}: {_antal(self.overforda)} från handlingsplan {self.ar} "
                 f"fördes över till {self.fil}")
            if self.lamnade:
                t += f" ({_antal(self.lamnade, 'genomförd eller inställd', 'genomförda eller inställda')} lämnades)"
            t += "."
        elif self.utfall == "finns":
            t = (f"{self.namn}: {self.fil} finns redan – ingenting skrevs. "
                 "Använd --skriv-over för att ersätta filen.")
        elif self.utfall == "ingen_kalla":
            t = f"{self.namn}: ingen aktivitetsfil för handlingsplan {self.ar} – ingenting att föra över."
        elif self.utfall == "inget_att_fora":
            t = (f"{self.namn}: alla {_antal(self.lamnade)} i handlingsplan {self.ar} var genomförda eller "
                 f"inställda – ingen fil för handlingsplan {ny} skrevs.")
        else:
            t = f"{self.namn}: aktivitetsfilen för handlingsplan {self.ar} har fel – ingenting skrevs."
        return "\n".join([t, *("  " + m for m in self.meddelanden)])


def _antal(n: int, singular: str = "aktivitet", plural: str = "aktiviteter") -> str:
    from vbe_lib.presentation import fmt

    return fmt.antal_ord(n, singular, plural)


def malnamnder(konf, ar: int, namnder: list[str] | None) -> list[str]:
    """Committees of plan ``ar + 1`` to write, from names/slugs (any alias) or all."""
    ny = ar + 1
    if namnder is None:
        mal = [konf.efterfoljare_planar(n.slug, ny) for n in konf.namnder_planar(ar)]
        mal += [n.slug for n in konf.namnder_planar(ny)]
    else:
        fel, mal = [], []
        for namn in namnder:
            slug = konf.hitta(namn)
            if slug is None:
                fel.append(konf.okant_namn_meddelande(namn) + ".")
                continue
            m = konf.efterfoljare_planar(slug, ny)
            if m is None:
                fel.append(f"{konf.namnder[slug].namn} finns inte år {ny} och har ingen efterföljare.")
                continue
            mal.append(m)
        if fel:
            raise RevideringsFel(fel)
    ordning = {n.slug: i for i, n in enumerate(konf.namnder_planar(ny))}
    return sorted({m for m in mal if m is not None}, key=lambda s: (ordning.get(s, 999), s))


def revidera(data_dir: str | Path, konf, ar: int, namnder: list[str] | None = None,
             skriv_over: bool = False, byggdatum: dt.date | None = None) -> list[Revidering]:
    """Write plan ``ar + 1``'s activity files (xlsx). Never overwrites unless ``skriv_over``."""
    from vbe_lib.parametrar.byggdatum import byggdatum_eller_idag
    from vbe_lib.render.xlsx import skriv_aktivitetsfil

    data_dir = Path(data_dir)
    ny = ar + 1
    datum = byggdatum_eller_idag(byggdatum)
    exempel = ar_exempeldata(data_dir)
    ut: list[Revidering] = []
    for mal in malnamnder(konf, ar, namnder):
        kallor = [n.slug for n in konf.namnder_planar(ar) if konf.efterfoljare_planar(n.slug, ny) == mal]
        r = Revidering(namnd=mal, namn=konf.namnder[mal].namn, ar=ar, kallor=kallor, utfall="ingen_kalla")
        ut.append(r)
        fil = data_dir / "aktiviteter" / str(ny) / f"{mal}.xlsx"
        befintliga = hitta_filer(data_dir, ny, mal)
        listor = [(k, las_namnd(data_dir, k, ar, konf)) for k in kallor]
        listor = [(k, lst) for k, lst in listor if lst is not None]
        if not listor:
            continue
        fel = [p for _, lst in listor for p in lst.fel]
        if fel:
            r.utfall = "fel"
            r.meddelanden = [str(p) for p in fel]
            continue
        delar, lamnade = [], 0
        for k, lst in listor:
            kvar, klara = overfor(lst.df, ar, konf.namnder[k].kortnamn if k != mal else None)
            delar.append(kvar)
            lamnade += len(klara)
        df = ram([r for d in delar for r in d.to_dict("records")])
        dubbla = df["id"].duplicated()
        for i in df.loc[dubbla, "id"]:
            r.meddelanden.append(f"Id '{i}' fanns i flera nämnders planer; bara den första aktiviteten fördes över.")
        df = df[~dubbla]
        r.overforda, r.lamnade = len(df), lamnade
        if befintliga and not skriv_over:
            r.utfall, r.fil = "finns", befintliga[0]
            continue
        if befintliga and any(b.suffix.lower() != ".xlsx" for b in befintliga):
            r.utfall, r.fil = "finns", next(b for b in befintliga if b.suffix.lower() != ".xlsx")
            r.meddelanden.append("Filen är inte en Excel-fil och ersätts inte automatiskt; ta bort den först.")
            continue
        if df.empty:
            r.utfall = "inget_att_fora"
            continue
        namn = konf.namnder[mal].namn
        fran = " och ".join(konf.namnder[k].namn for k in kallor)
        om = [
            f"Aktiviteter i {namn}s handlingsplan {ny}",
            f"Skapad {datum.isoformat()} av 'vbe revidera --ar {ar}' från handlingsplan {ar} för {fran}: "
            f"{len(df)} aktiviteter som inte var genomförda eller inställda fördes över med samma Id. "
            "Status och Kommentar är tömda; tidigare status och kommentar finns i kolumnen Historik.",
            "Lägg till årets nya aktiviteter (nytt Id, t.ex. med årtalet i) och fyll i Status och Kommentar "
            "vid nästa uppföljning. Kolumnerna beskrivs i docs/aktiviteter.md.",
        ]
        r.fil = skriv_aktivitetsfil(df, fil, datum, om, exempeldata=exempel)
        r.utfall = "skriven"
    return ut
