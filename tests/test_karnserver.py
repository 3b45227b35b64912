"""The kernel fork server: kernels are forked from a process that has only imported
modules, every notebook still gets a fresh kernel, and nothing is left running."""
from __future__ import annotations

import os
import sys
import time

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from vbe_lib.bygg import arbetare as batch
from vbe_lib.bygg import karnserver

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not karnserver.tillganglig(), reason="fork server only on Linux"),
]


def test_kernel_kommando_byter_bara_ipykernel():
    cmd = ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "/tmp/k.json"]
    ut = karnserver.kernel_kommando(cmd, "/tmp/z/s")
    assert ut[:5] == [sys.executable, "-I", "-S", str(karnserver.KLIENT), "/tmp/z/s"]
    assert ut[5:] == ["ipykernel_launcher", "-f", "/tmp/k.json"]
    annan = ["/usr/bin/R", "--slave", "-f", "x"]
    assert karnserver.kernel_kommando(annan, "/tmp/z/s") == annan


def test_avstangd_med_miljovariabel(monkeypatch):
    monkeypatch.setenv("VBE_KARNSERVER", "0")
    assert not karnserver.tillganglig()
    with batch.karnserver() as sokvag:
        assert sokvag is None


def _notebook(path, *celler):
    nb = new_notebook(cells=[new_code_cell("# parameters\nx = 0", metadata={"tags": ["parameters"]})]
                      + [new_code_cell(c) for c in celler])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _utdata(nb):
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout")


def test_farska_karnor_fran_servern(tmp_path):
    """Two notebooks in a row: both kernels are children of the server (so pandas
    is already imported), their pids differ, and what the first one changes in an
    imported module is not seen by the second."""
    nb = _notebook(
        tmp_path / "k.ipynb",
        "import os, sys\nprint('pid', os.getpid(), 'ppid', os.getppid())\n"
        "print('pandas-fore', 'pandas' in sys.modules)",
        "import vbe_lib.presentation.fmt as f\nprint('sett', getattr(f, '_TESTMARKERING', None))\nf._TESTMARKERING = x",
        "print('cwd', os.getcwd())",
    )
    with batch.karnserver() as sokvag:
        assert sokvag is not None
        ut1 = _utdata(batch.kor_notebook(nb, tmp_path / "u1.ipynb", {"x": 1}))
        ut2 = _utdata(batch.kor_notebook(nb, tmp_path / "u2.ipynb", {"x": 2}))
        ppid = int(ut1.split()[ut1.split().index("ppid") + 1])
        server = psutil.Process(ppid)
        assert "vbe_lib.bygg.karnserver" in " ".join(server.cmdline())
        # the kernels are gone once the notebooks are done
        slut = time.monotonic() + 10
        while server.children() and time.monotonic() < slut:
            time.sleep(0.05)
        assert server.children() == []
    for ut in (ut1, ut2):
        ord_ = ut.split()
        assert int(ord_[ord_.index("ppid") + 1]) == server.pid
        assert "pandas-fore True" in ut
        assert f"cwd {tmp_path}" in ut
    assert ut1.split()[1] != ut2.split()[1]
    assert "sett None" in ut1 and "sett None" in ut2  # the second kernel did not inherit x = 1
    assert not server.is_running() or server.status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("server", [True, False], ids=["karnserver", "vanlig-start"])
def test_handskakningen_tappar_inga_utdata(tmp_path, monkeypatch, server):
    """The start-up handshake that does not wait for IOPub to go silent
    (``_snabb_klient_klass``) is what the batch uses, and no output of the very first
    cell is lost, nor mixed up with the next one: stdout, stderr and a display,
    printed the instant the cell starts."""
    if not server:
        monkeypatch.setenv("VBE_KARNSERVER", "0")
    celler = [
        "import sys\nfrom IPython.display import display, HTML\n"
        "print('forsta'); print('fel', file=sys.stderr); display(HTML('<b>visad</b>'))",
        "print('andra', x)",
    ]
    nb = _notebook(tmp_path / "h.ipynb", *celler)
    klass = batch._ipc_kernel_manager_class()
    assert klass().client_factory.__name__ == "SnabbKernelClient"
    with batch.karnserver():
        for i in range(3):
            ut = batch.kor_notebook(nb, tmp_path / f"u{i}.ipynb", {"x": i})
            forsta, andra = ut.cells[2], ut.cells[3]
            strommar = {(o.name, o.text) for o in forsta.outputs if o.output_type == "stream"}
            assert strommar == {("stdout", "forsta\n"), ("stderr", "fel\n")}
            assert [o.data["text/html"] for o in forsta.outputs if o.output_type == "display_data"] == ["<b>visad</b>"]
            assert [o.text for o in andra.outputs] == [f"andra {i}\n"]


def test_fel_och_dod_karna(tmp_path):
    """A cell error is reported as usual; a kernel that dies is noticed."""
    from papermill.exceptions import PapermillExecutionError

    fel = _notebook(tmp_path / "fel.ipynb", "raise ValueError('trasigt')")
    dod = _notebook(tmp_path / "dod.ipynb", "import os\nos._exit(3)")
    with batch.karnserver():
        with pytest.raises(PapermillExecutionError) as info:
            batch.kor_notebook(fel, tmp_path / "u.ipynb", {})
        assert info.value.ename == "ValueError"
        with pytest.raises(Exception) as info2:
            batch.kor_notebook(dod, tmp_path / "u2.ipynb", {}, tidsgrans=20)
        assert "Dead" in type(info2.value).__name__ or "dog" in str(info2.value) or "died" in str(info2.value)


def test_servern_stadar_nar_agaren_slutar(tmp_path):
    """Stopping the server kills a kernel that is still running."""
    from vbe_lib.bygg.karnserver import Karnserver

    server = Karnserver.starta()
    try:
        assert server.vanta()
        import subprocess

        klient = subprocess.Popen(
            karnserver.kernel_kommando([sys.executable, "-m", "ipykernel_launcher", "-f",
                                        str(tmp_path / "k.json")], server.sokvag),
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc = psutil.Process(server.process.pid)
        slut = time.monotonic() + 20
        while not proc.children() and time.monotonic() < slut:
            time.sleep(0.05)
        karna = proc.children()
        assert len(karna) == 1
    finally:
        server.stoppa()
    assert klient.wait(timeout=10) == 1  # its kernel was killed: the stand-in fails
    psutil.wait_procs(karna, timeout=10)
    assert not any(k.is_running() and k.status() != psutil.STATUS_ZOMBIE for k in karna)
    assert not os.path.exists(server.katalog)


def test_arbetare_fran_forladdad_server():
    """Workers are forked from the preloaded worker server and know the kernel server."""
    with batch.Arbetare(2) as arb:
        info = [arb.executor.submit(batch._arbetarinfo).result(timeout=120) for _ in range(4)]
    assert all(i["forladdad"] for i in info)
    assert all(i["karnserver"] == arb.karnserver and i["karnserver"] for i in info)
    assert len({i["pid"] for i in info}) <= 2
    assert not os.path.exists(arb.karnserver)  # the kernel server is gone after close
