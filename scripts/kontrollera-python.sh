#!/usr/bin/env bash
# Checks that the Python used to create .venv is 3.11 or newer (message in Swedish).
set -euo pipefail
py="${1:-python3}"
if ! command -v "$py" >/dev/null 2>&1; then
  echo "Hittar inte $py. Installera Python 3.11 eller senare (t.ex. 'apt-get install python3 python3-venv')." >&2
  exit 1
fi
if ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "vbe kräver Python 3.11 eller senare; $py är $("$py" -V 2>&1). Ange en annan med 'make PYTHON=python3.12 …'." >&2
  exit 1
fi
if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "Python saknar venv/ensurepip. På Debian: 'apt-get install python3-venv'." >&2
  exit 1
fi
