"""The combined PDF (vbe_lib.render.sammanfoga): pages, outline, structure tree, links,
page labels and metadata of every part kept; deterministic bytes."""
from __future__ import annotations

import io

import pikepdf
import pytest

from vbe_lib.render.pdf import render_pdf
from vbe_lib.render.sammanfoga import Del, SammanfogningsFel, sammanfoga_pdf


def _html(titel: str, n: int) -> str:
    avsnitt = "".join(
        f'<h2 id="s{i}">Avsnitt {i}</h2><p>Text {i} i {titel}.</p>'
        f'<table><caption>Tabell {i}</caption><thead><tr><th scope="col">A</th><th scope="col">B</th></tr>'
        f'</thead><tbody><tr><th scope="row">r</th><td>{i}</td></tr></tbody></table>'
        f'<p style="break-after: page">Slut på avsnitt {i}.</p>' for i in range(n))
    toc = "".join(f'<li><a href="#s{i}">Avsnitt {i}</a></li>' for i in range(n))
    return (f'<html lang="sv"><head><title>{titel}</title></head><body><h1>{titel}</h1>'
            f'<nav><ol>{toc}</ol></nav>{avsnitt}</body></html>')


@pytest.fixture(scope="module")
def delar() -> list[Del]:
    return [Del(render_pdf(_html("Plan", 2)), "Handlingsplan"),
            Del(render_pdf(_html("Lägesbild", 3)), "Bilaga 1. Lägesbild", "Bilaga 1: "),
            Del(render_pdf(_html("Uppföljning", 1)), "Bilaga 2. Uppföljning", "Bilaga 2: ")]


@pytest.fixture(scope="module")
def sammanfogad(delar) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(sammanfoga_pdf(delar, "Handlingsplan med bilagor")))


def _sidor(d: Del) -> int:
    return len(pikepdf.open(io.BytesIO(d.pdf)).pages)


def test_sidantal_ar_summan_av_delarna(delar, sammanfogad):
    assert len(sammanfogad.pages) == sum(_sidor(d) for d in delar)


def test_disposition_en_post_per_del_med_delens_bokmarken(delar, sammanfogad):
    with sammanfogad.open_outline() as o:
        topp = list(o.root)
        assert [b.title for b in topp] == [d.titel for d in delar]
        assert [[c.title for c in b.children] for b in topp] == [["Plan"], ["Lägesbild"], ["Uppföljning"]]
        assert [g.title for g in topp[1].children[0].children] == ["Avsnitt 0", "Avsnitt 1", "Avsnitt 2"]
        # each part's entry leads to its first page
        forsta = [0, _sidor(delar[0]), _sidor(delar[0]) + _sidor(delar[1])]
        sidor = {p.objgen: i for i, p in enumerate(sammanfogad.pages)}
        assert [sidor[b.destination[0].objgen] for b in topp] == forsta


def test_strukturtradet_en_del_per_bilaga_och_konsekvent(sammanfogad):
    rot = sammanfogad.Root.StructTreeRoot
    dok = rot.K[0]
    assert str(dok.S) == "/Document"
    assert [(str(d.S), str(d.T)) for d in dok.K] == [
        ("/Part", "Handlingsplan"), ("/Part", "Bilaga 1. Lägesbild"), ("/Part", "Bilaga 2. Uppföljning")]
    nums = list(rot.ParentTree.Nums)
    tradet = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(rot.ParentTreeNextKey) > max(tradet)
    for sida in sammanfogad.pages:
        for e in tradet[int(sida.StructParents)]:
            if isinstance(e, pikepdf.Dictionary) and "/Pg" in e:
                assert e.Pg.objgen == sida.objgen
        for a in sida.get("/Annots", []):
            if "/StructParent" in a:
                assert int(a.StructParent) in tradet

    def gå(e, foralder):
        if not isinstance(e, pikepdf.Dictionary) or "/S" not in e:
            return
        assert e.P.objgen == foralder.objgen
        k = e.get("/K")
        for x in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            gå(x, e)

    gå(dok, rot)
    # table header ids are unique across the parts and every reference resolves
    ids = [str(x) for x in list(rot.IDTree.Names)[::2]]
    assert len(ids) == len(set(ids)) and ids


def test_lankar_leder_in_i_sin_egen_del(delar, sammanfogad):
    namn = list(sammanfogad.Root.Names.Dests.Names)
    mal = {str(namn[i]): namn[i + 1] for i in range(0, len(namn), 2)}
    sidor = {p.objgen: i for i, p in enumerate(sammanfogad.pages)}
    grans = [0, _sidor(delar[0]), _sidor(delar[0]) + _sidor(delar[1]), len(sammanfogad.pages)]
    antal = 0
    for i, sida in enumerate(sammanfogad.pages):
        for a in sida.get("/Annots", []):
            if a.get("/Subtype") == "/Link" and isinstance(a.get("/Dest"), pikepdf.String):
                del_ = next(n for n in range(3) if grans[n] <= i < grans[n + 1])
                malsida = sidor[mal[str(a.Dest)][0].objgen]
                assert grans[del_] <= malsida < grans[del_ + 1], (i, str(a.Dest))
                antal += 1
    assert antal >= 6


def test_sidetiketter_sprak_titel_och_pdfua(sammanfogad, tmp_path):
    etiketter = list(sammanfogad.Root.PageLabels.Nums)
    assert [int(etiketter[i]) for i in range(0, len(etiketter), 2)] == [0, 2, 5]
    assert str(etiketter[3].P) == "Bilaga 1: "
    assert str(sammanfogad.Root.Lang) == "sv"
    assert str(sammanfogad.docinfo.Title) == "Handlingsplan med bilagor"
    assert bool(sammanfogad.Root.MarkInfo.Marked) and bool(sammanfogad.Root.ViewerPreferences.DisplayDocTitle)
    with sammanfogad.open_metadata() as meta:
        assert meta["dc:title"] == "Handlingsplan med bilagor"
        assert str(meta.get("pdfuaid:part")) == "1"
    pdfua = pytest.importorskip("pdfua")
    fil = tmp_path / "ut.pdf"
    sammanfogad.save(fil)
    fynd = [(f.rule_id, f.severity.name, f.message) for f in pdfua.validate(str(fil)).findings]
    assert not fynd, fynd


def test_deterministisk(delar):
    assert sammanfoga_pdf(delar, "T") == sammanfoga_pdf(delar, "T")


def test_trasig_del_ger_svenskt_fel(delar):
    with pytest.raises(SammanfogningsFel, match="Bilaga 9.*gick inte att läsa som PDF"):
        sammanfoga_pdf([delar[0], Del(b"inte en pdf", "Bilaga 9")], "T")
