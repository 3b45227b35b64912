"""The municipality's words: vocabularies in parameters/ordlistor/*.yml and ord: in
kommun.yml – loading, Swedish errors naming file and line, neutral words by default,
and datakalla.yml's declarations about event lists."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.konfiguration import Konfiguration, KonfigurationsFel
from vbe_lib.parametrar.ordlistor import Kommunord, las_ordlistor, tolkningar

ROT = Path(__file__).resolve().parents[1]
KOMMUN = "namn: Testkommun\nforsta_planar: 2020\nsista_planar: 2022\n"
NAMND = "slug: a\nnamn: A-nämnden\nkortnamn: A\ntyp: stadsdelsnamnd\n"


def _parametrar(tmp_path: Path, kommun: str = KOMMUN, listor: dict[str, str] | None = None) -> Path:
    (tmp_path / "namnder").mkdir(parents=True)
    (tmp_path / "kommun.yml").write_text(kommun, encoding="utf-8")
    (tmp_path / "namnder" / "a.yml").write_text(NAMND, encoding="utf-8")
    for namn, text in (listor or {}).items():
        (tmp_path / "ordlistor").mkdir(exist_ok=True)
        (tmp_path / "ordlistor" / namn).write_text(text, encoding="utf-8")
    return tmp_path


def test_vbe_lib_keeps_only_the_contracts_values():
    for v in vocab.ALLA.values():
        assert v.alias == {}, v.fil
    assert vocab.MILJOER.hitta("Vit makt-miljön") is None
    assert vocab.MILJOER.hitta("våldsbejakande högerextremism") == "hoger" and vocab.MILJOER.hitta("HOGER") == "hoger"
    assert not hasattr(vocab, "STATUS_FRIA_FORMULERINGAR")


def test_stockholms_words_are_stockholms_parameters():
    konf = Konfiguration.las(ROT / "parameters")
    o = konf.ordlistor
    assert o.vok(vocab.MILJOER).hitta("Vit makt-miljön") == "hoger"
    assert o.vok(vocab.STATUSAR).hitta("Klart") == "genomford"
    assert o.vok(vocab.KLOTTERKALLOR).etikett("felanmalan") == "Trafikkontoret (appen Tyck till)"
    assert o.vok(vocab.KLOTTERKALLOR).hitta("Skolfastigheter") == "skolfastigheter"  # the contract's label stays
    assert o.ord.hela == "hela staden" and o.ord.Kommunens == "Stadens"
    assert o.ord.kalla("enkat") == "Stadens enkät om våldsbejakande extremism"
    assert o.ord.kalla("brott") == "Brottsförebyggande rådet (Brå), anmälda brott"


def test_neutral_words_when_none_declared(tmp_path):
    konf = Konfiguration.las(_parametrar(tmp_path))
    o = konf.ordlistor.ord
    assert (o.kommunen, o.genitiv, o.hela, o.Hela) == ("kommunen", "kommunens", "hela kommunen", "Hela kommunen")
    assert o.kalla("enkat") == "Kommunens enkät om våldsbejakande extremism"
    assert o.kalla("ia") == "Kommunens incidentrapportering (IA), anmälningar med VBE ikryssat"
    assert o.overgripande == "Kommunövergripande" and o.distriktsnamnderna == "områdesnämnderna"
    assert konf.ordlistor.vok(vocab.MILJOER) is vocab.MILJOER
    # a Konfiguration built in code gets its kommun's words too
    assert Kommunord.model_validate({"kommunen": "staden"}).hela == "hela staden"


def test_a_coordinator_adds_a_spelling(tmp_path):
    konf = Konfiguration.las(_parametrar(tmp_path, listor={"miljoer.yml": "hoger:\n  - Vit makt\nannat: Oklart\n",
                                                           "klotterkallor.yml": (
                                                               "felanmalan:\n  etikett: Appen Säg till\n"
                                                               "  stavningar: [Säg till]\n")}))
    m = konf.ordlistor.vok(vocab.MILJOER)
    assert m.hitta("vit makt") == "hoger" and m.hitta("OKLART") == "annat" and m.etikett("hoger") == vocab.MILJOER.etikett("hoger")
    k = konf.ordlistor.vok(vocab.KLOTTERKALLOR)
    assert k.etikett("felanmalan") == "Appen Säg till" and k.hitta("säg till") == "felanmalan"
    t = tolkningar("klotter.csv", "Källa", ["Säg till", "Appen Säg till", "Felanmälan (app eller webb)", "Säg till"], k,
                   [2, 3, 4, 5])
    assert [str(x) for x in t] == ['tolkning: klotter.csv, kolumn "Källa": "Säg till" lästes som "Appen Säg till" '
                                   '(rad 2 och 5).']


@pytest.mark.parametrize("fil, text, rad, del_", [
    ("miljoer.yml", "hoger:\n  - vit makt\nhogr:\n  - x\n", 3, "okänd kod 'hogr' för miljö – menade du 'hoger'?"),
    ("miljoer.yml", "hoger:\n  - vit makt\nvanster:\n  - vit makt\n", 4,
     "stavningen 'vit makt' betyder redan 'hoger' (rad 2)"),
    ("miljoer.yml", "hoger:\n  - Våldsbejakande vänsterextremism\n", 2, "betyder redan 'vanster' (datakontraktet)"),
    ("janej.yml", "ja:\n  - j\n  - yes\nnej:\n  - n\n", 3, "skriv den inom citattecken"),
    ("miljoer.yml", "hoger: [vit makt\n", 1, "ogiltig YAML: en lista"),  # the line where the list opens
    ("klotterkallor.yml", "annan:\n  namn: X\n", 2, "okänt fält 'namn' under 'annan'"),
    ("miljo.yml", "hoger: [x]\n", None, "okänd ordlista 'miljo' – menade du miljoer.yml?"),
])
def test_errors_name_file_and_line(tmp_path, fil, text, rad, del_):
    katalog = _parametrar(tmp_path, listor={fil: text})
    with pytest.raises(KonfigurationsFel) as e:
        Konfiguration.las(katalog)
    (m,) = e.value.meddelanden
    plats = f"{katalog.name}/ordlistor/{fil}" + (f", rad {rad}" if rad else "")
    assert m.startswith(plats + ":"), m
    assert del_ in m, m


def test_words_in_kommun_yml_are_checked(tmp_path):
    katalog = _parametrar(tmp_path, KOMMUN + "ord:\n  kommunen: staden\n  stad: x\n  kallor:\n    polisen: X\n")
    with pytest.raises(KonfigurationsFel) as e:
        Konfiguration.las(katalog)
    m = e.value.meddelanden
    assert any(x.startswith(f"{katalog.name}/kommun.yml, rad 6: fält 'ord.stad': okänt fält") for x in m), m
    assert any("rad 7" in x and "okänd källa polisen" in x for x in m), m


def test_loader_alone_collects_every_problem(tmp_path):
    katalog = _parametrar(tmp_path, listor={"miljoer.yml": "hogr: [x]\n", "statusar.yml": "klar: [Klart]\n",
                                            "anteckningar.txt": "x"})
    fel: list[str] = []
    o = las_ordlistor(katalog, fel)
    assert len(fel) == 3 and "miljoer" not in o.listor and "statusar" not in o.listor


def test_datakalla_declarations(tmp_path):
    from vbe_lib.indata.dataset import las_data

    data = tmp_path / "data"
    shutil.copytree(ROT / "tests" / "fixtures" / "exempelby" / "data", data, ignore=shutil.ignore_patterns(".cache"))
    konf = Konfiguration.las(ROT / "tests" / "fixtures" / "exempelby" / "parameters")
    ds = las_data(data, konf, cache=False)
    assert ds.ej_levererat == {"klotter": {2021}} and ds.inga_handelser == {}
    (data / "datakalla.yml").write_text("exempeldata: true\nej_levererat:\n  klotter: [tjugo]\n  graffiti: [2021]\n"
                                        "inga_handelser:\n  ia: [Norradalen, Okända dalen]\n", encoding="utf-8")
    ds = las_data(data, konf, cache=False)
    rader = [str(p) for p in ds.fel]
    assert any(r.startswith("datakalla.yml, rad 3, kolumn \"ej_levererat.klotter\"") and "ett årtal" in r
               for r in rader), rader
    assert any("ej_levererat.graffiti" in r and "blanketter, ia, klotter" in r for r in rader), rader
    assert any("inga_handelser.ia" in r and "Okända dalen" in r for r in rader), rader
    # Norra dalen declared without events: its IA count is zero, not missing, and no warning
    assert ds.inga_handelser == {"ia": {"norra_dalen"}}
    from vbe_lib.indata.validera import granska_handelselistor
    assert not granska_handelselistor(ds, konf)
