#!/usr/bin/env bash
# Installs the Debian packages the project needs, if any is missing:
#   libpango (WeasyPrint's PDF rendering), fonts-dejavu-core (embedded fonts),
#   poppler-utils (pdftotext/pdftoppm for PDF checks), chromium (the browser test),
#   and Node.js with npm (axe-core for the accessibility test, scripts/npm-paket.sh) when
#   no npm is on the PATH (a Node.js installed another way is used as it is).
set -euo pipefail
paket=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils chromium)
saknas=()
for p in "${paket[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || saknas+=("$p")
done
command -v npm >/dev/null 2>&1 || saknas+=(nodejs npm)
[ ${#saknas[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Saknade systempaket: ${saknas[*]}. Installera dem med systemets pakethanterare." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Saknade systempaket: ${saknas[*]}. Kör som root: apt-get install ${saknas[*]}" >&2
    exit 1
  fi
fi
echo "Installerar systempaket: ${saknas[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${saknas[@]}" >/dev/null
