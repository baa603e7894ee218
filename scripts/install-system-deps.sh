#!/usr/bin/env bash
# Installs the Debian packages the test suites need, once: Chromium (the renderer runs and is tested in it,
# since the Electron binary cannot always be downloaded), Thai fonts, poppler-utils (pdftotext reads back
# the route sheet's PDF in test/e2e/route-sheet.e2e.ts) and LibreOffice Calc (reads back the XLSX exports). Idempotent: installs nothing when everything is present.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'tlwg\|garuda\|loma\|sawasdee' || need+=(fonts-thai-tlwg)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# LibreOffice opens the exported XLSX files in test/unit/reports-xlsx.test.ts (a file it calls damaged fails).
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
for pkg in "$@"; do
  case "$pkg" in
    postgresql) command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql) ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg") ;;
  esac
done

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Need root (or sudo) to install: ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
