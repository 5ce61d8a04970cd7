#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt needs (window on X11/Wayland, or offscreen for
# tests), skipping what is already there. Uses sudo when not run as root.
set -euo pipefail
PACKAGES=(libglib2.0-0 libegl1 libgl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1
          libxkbcommon0 libxkbcommon-x11-0 libbrotli1 fonts-dejavu-core libxcb-cursor0
          libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
          libxcb-xkb1
          poppler-utils zbar-tools qpdf  # these three check PDFs in tests/pdf
          postgresql)  # the server the tests start for themselves (scripts/test-postgres.sh)
# Debian's own python3 makes virtual environments only with python3-venv installed.
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import ensurepip" >/dev/null 2>&1; then
  PACKAGES+=(python3-venv)
fi
command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian-based system: install Qt's libraries yourself."; exit 0; }
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
