#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds into _build and starts Mkmate Mail from
# the build tree. Extra arguments go to mkmate-mail (e.g. --send-test).
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh build
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

# Run uninstalled: the schema and the translations come from the build tree.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
export MKM_LOCALEDIR="$PWD/_build/po"
exec _build/src/mkmate-mail "$@"
