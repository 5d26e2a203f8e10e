#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders every page and state of the window, in English and Vietnamese, at
# the default size and 360 px wide, into data/screenshots/ (builds _build
# first; sends go to local test SMTP servers in a private session).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${MKM_SHOTS_INNER:-}" ]; then
  [ -f _build/build.ninja ] || meson setup _build
  meson compile -C _build >/dev/null
  mkdir -p data/screenshots
  MKM_SHOTS_INNER=1 build-aux/run-session.sh "$0" "$@"
  # The keyring problem needs a session without a Secret Service.
  MKM_SHOTS_INNER=keyring build-aux/run-session.sh --no-keyring "$0" "$@"
  ls data/screenshots
  exit 0
fi

export GSETTINGS_SCHEMA_DIR="$PWD/_build/data" MKM_SOURCE_DIR="$PWD" MKM_LOCALEDIR="$PWD/_build/po"
export GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none

shot () {
  local lang="$1" name="$2" width="$3" height="$4"; shift 4
  LANGUAGE="$lang" _build/tests/mkm-screenshot --out "data/screenshots/$name-$lang-$width.png" \
    --width "$width" --height "$height" "$@"
}

for lang in en vi; do
  for size in "720 1000" "360 1400"; do
    set -- $size
    if [ "$MKM_SHOTS_INNER" = keyring ]; then
      shot "$lang" keyring-problem "$1" "$2" --state smtp
      continue
    fi
    shot "$lang" system "$1" "$2" --page system --state default
    shot "$lang" integrations-default "$1" "$2" --state default
    shot "$lang" integrations-smtp "$1" "$2" --state smtp
    shot "$lang" keyring-stored "$1" "$2" --state stored
    shot "$lang" invalid "$1" "$2" --state invalid
    shot "$lang" test-success "$1" 1700 --state success
    shot "$lang" test-failure "$1" 1700 --state failure
  done
done
