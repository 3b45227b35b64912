"""Imported once by the batch's worker fork server (``multiprocessing``'s
"forkserver" start method, :func:`vbe_lib.bygg.arbetare.mp_kontext`), so that every worker
process starts as a copy with papermill, nbconvert, WeasyPrint and python-docx
already imported and the fonts discovered, instead of importing them itself.

Workers only orchestrate kernels and render finished notebooks; no notebook code
runs in them, and nothing here depends on a committee's data.

The server is started with the interrupt signals blocked; before its imports it leaves
the terminal's session (Ctrl-C and hang-up reach only the batch's main process, which
stops the workers itself) and unblocks them (:func:`vbe_lib.bygg.avbrott.i_barnprocess`).
"""
from vbe_lib.bygg.avbrott import i_barnprocess

i_barnprocess()

from vbe_lib.bygg.arbetare import _forvarm, _utan_rfc3987  # noqa: E402

_utan_rfc3987()

import nbclient  # noqa: E402,F401
import nbformat  # noqa: E402,F401
import papermill  # noqa: E402,F401
from papermill.engines import NBClientEngine  # noqa: E402,F401

import vbe_lib.render.docx  # noqa: E402,F401

_forvarm()

#: set once everything above is loaded; ``_init_arbetare`` then skips its own warm-up
KLAR = True
