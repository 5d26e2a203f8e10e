#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Mkmate Mail needs, only those missing.
#   build-aux/deps.sh build   what building and running needs
#   build-aux/deps.sh test    that, plus what the test suite needs
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsecret-1-dev libcurl4-openssl-dev libgmime-3.0-dev
  desktop-file-utils appstream
)
test_packages=(
  dbus dbus-x11 xvfb xauth gnome-keyring libsecret-tools iproute2 util-linux
  python3 python3-aiosmtpd openssl curl imagemagick flatpak-builder git
  procps xz-utils
)

packages=("${build_packages[@]}")
if [ "${1:-build}" = test ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  # Recommends would bring desktop portals that start daemons in HOME.
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
