#!/usr/bin/env bash
# Installs the npm packages the tests need (axe-core, for the accessibility test of the
# HTML reports) into scripts/axe/node_modules with `npm ci`, from scripts/axe/package-lock.json.
# Does nothing when they are installed and newer than the lock file.
set -euo pipefail
cd "$(dirname "$0")/axe"
mal=node_modules/axe-core/axe.min.js
if [ -f "$mal" ] && [ "$mal" -nt package-lock.json ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm saknas: installera Node.js och npm (make system gör det på Debian/Ubuntu)." >&2
  exit 1
fi
echo "Installerar npm-paket för testerna (axe-core)"
npm ci --no-audit --no-fund --loglevel=error
touch "$mal"
