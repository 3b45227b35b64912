"""Committee configuration: Stockholm's reorganisations, aliases, Swedish errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel, normalisera_namn

ROT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROT / "tests" / "fixtures" / "exempelby" / "parameters"


@pytest.fixture(scope="module")
def sthlm() -> Konfiguration:
    return Konfiguration.las(ROT / "parameters")


@pytest.mark.parametrize("planar, distrikt", [(2019, 14), (2020, 14), (2021, 13), (2023, 13), (2024, 11), (2025, 11)])
def test_number_of_district_committees_follows_reorganisations(sthlm, planar, distrikt):
    assert len(sthlm.namnder_planar(planar, "stadsdelsnamnd")) == distrikt
    assert len(sthlm.namnder_planar(planar, "facknamnd")) == 5


def test_merged_district_lineage_and_successor(sthlm):
    assert sthlm.linje("hagersten_alvsjo") == ["hagersten_alvsjo", "hagersten_liljeholmen", "alvsjo"]
    assert set(sthlm.linje("jarva")) == {"jarva", "rinkeby_kista", "spanga_tensta"}
    assert sthlm.efterfoljare_planar("ostermalm", 2024) == "norra_innerstaden"
    assert sthlm.efterfoljare_planar("ostermalm", 2023) == "ostermalm"
    # Data for calendar year 2020 may name both the old and the new district.
    assert sthlm.namnd("alvsjo").finns_under_ar(2020)
    assert sthlm.namnd("hagersten_alvsjo").finns_under_ar(2020)
    assert not sthlm.namnd("alvsjo").finns_under_ar(2021)


@pytest.mark.parametrize(
    "namn, slug",
    [("Enskede - Årsta - Vantör", "enskede_arsta_vantor"), ("Bromma (Sthlm)", "bromma"),
     ("SÖDERMALM", "sodermalm"), ("Södermalms stadsdelsförvaltning", "sodermalm"),
     ("Enskede–Årsta–Vantör", "enskede_arsta_vantor"), ("Utbildningsförvaltningen", "utbildningsnamnden")],
)
def test_aliases_resolve(sthlm, namn, slug):
    assert sthlm.hitta(namn) == slug


def test_unknown_name_gets_suggestion(sthlm):
    assert sthlm.hitta("Södermalmm") is None
    msg = sthlm.okant_namn_meddelande("Södermalmm")
    assert "okänd nämnd eller område 'Södermalmm'" in msg and "menade du 'Södermalms stadsdelsnämnd'?" in msg
    # on the command line the suggestion is also the short name that --namnd takes
    msg = sthlm.okant_namn_meddelande("hasselby-valingby", med_slug=True)
    assert msg.endswith("menade du 'hasselby_vallingby' (Hässelby-Vällingby stadsdelsnämnd)?"), msg


def test_slug_with_hyphens_resolves(sthlm):
    assert sthlm.hitta("hasselby-vallingby") == "hasselby_vallingby"
    assert sthlm.hitta("hasselby_vallingby") == "hasselby_vallingby"
    assert sthlm.hitta("hasselby-vallingby-x") is None


def _strangar_i_koden(path: Path) -> list[str]:
    """String literals and identifiers of a module, docstrings and comments left out
    (examples in documentation may name a committee; logic may not)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                docstrings.add(id(node.body[0].value))
    ut = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            ut.append(node.value)
        elif isinstance(node, ast.Name):
            ut.append(node.id)
    return ut


def test_no_committee_name_in_code():
    """Committees are configuration: their names must not appear in the library's logic
    (the example-data generator, which reproduces published figures per committee, aside)."""
    konf = Konfiguration.las(ROT / "parameters")
    kod = "\n".join(t for p in (ROT / "vbe_lib").rglob("*.py")
                    if "exempeldata" not in p.relative_to(ROT / "vbe_lib").parts
                    for t in _strangar_i_koden(p))
    for n in konf.namnder.values():
        assert n.kortnamn not in kod, f"'{n.kortnamn}' står i koden"
        assert f'"{n.slug}"' not in kod and n.slug not in kod.split(), f"'{n.slug}' står i koden"


def test_second_municipality_by_files_alone():
    konf = Konfiguration.las(EXEMPELBY)
    assert konf.kommun.namn == "Exempelby kommun"
    assert [n.slug for n in konf.namnder_planar(2022)] == ["norra_dalen", "sodra_dalen", "skolnamnden"]
    assert [n.slug for n in konf.namnder_planar(2023)] == ["dalbygden", "skolnamnden"]
    assert konf.hitta("Norradalen") == "norra_dalen"
    assert konf.integritet("dalbygden").minsta_antal == 5
    assert konf.integritet("skolnamnden").minsta_antal == 3
    assert konf.dnr("dalbygden", 2024) == "DAL 2024/17"


def test_normalisera_namn():
    assert normalisera_namn(" Enskede - Årsta -  Vantör ") == normalisera_namn("enskede-årsta-vantör")


def _skriv(tmp_path: Path, kommun: str, namnder: dict[str, str]) -> Path:
    (tmp_path / "namnder").mkdir(parents=True)
    (tmp_path / "kommun.yml").write_text(kommun, encoding="utf-8")
    for slug, text in namnder.items():
        (tmp_path / "namnder" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return tmp_path


KOMMUN = "namn: Testkommun\nforsta_planar: 2020\nsista_planar: 2022\n"


def test_invalid_files_give_swedish_messages(tmp_path):
    katalog = _skriv(tmp_path, KOMMUN, {
        "a": "slug: a\nnamn: A-nämnden\nkortnamn: A\ntyp: stadsdelsnamnd\nfarg: blå\n",
        "b": "slug: b\nnamn: B-nämnden\nkortnamn: B\ntyp: distrikt\n",
        "c": "slug: x\nnamn: C\nkortnamn: C\ntyp: facknamnd\ngiltig_fran: igår\n",
        "d": "slug: d\nnamn: [ogiltig\n",
    })
    with pytest.raises(KonfigurationsFel) as fel:
        Konfiguration.las(katalog)
    text = "\n".join(fel.value.meddelanden)
    assert "a.yml, fält 'farg': okänt fält (stavfel?)" in text
    assert "b.yml, fält 'typ': otillåtet värde" in text
    assert "c.yml, fält 'giltig_fran': förväntade ett datum ÅÅÅÅ-MM-DD" in text
    assert "d.yml" in text and "ogiltig YAML" in text
    assert "Traceback" not in text


def test_unknown_predecessor_and_duplicate_alias(tmp_path):
    katalog = _skriv(tmp_path, KOMMUN, {
        "a": "slug: a\nnamn: A-nämnden\nkortnamn: A\ntyp: stadsdelsnamnd\nforegangare: [zz]\nalias: [Gemensam]\n",
        "b": "slug: b\nnamn: B-nämnden\nkortnamn: B\ntyp: stadsdelsnamnd\nalias: [gemensam]\n",
    })
    with pytest.raises(KonfigurationsFel) as fel:
        Konfiguration.las(katalog)
    text = "\n".join(fel.value.meddelanden)
    assert "föregångaren 'zz' finns inte" in text
    assert "namnet 'gemensam' används av både" in text


def test_missing_kommun_file(tmp_path):
    with pytest.raises(KonfigurationsFel, match="kommun.yml: filen saknas"):
        Konfiguration.las(tmp_path)


def test_personhandelser_installning():
    from vbe_lib.parametrar.konfiguration import Integritet

    assert Integritet().personhandelser == ["asikter"]
    assert Integritet(personhandelser=["Person som uttryckt våldsbejakande åsikter", "våld"]).personhandelser == \
        ["asikter", "vald"]
    with pytest.raises(ValueError, match="okänd händelsetyp"):
        Integritet(personhandelser=["grannar"])
