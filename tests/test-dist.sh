#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# meson dist makes a tarball of the committed tree that configures and builds.
set -euo pipefail
build="${MKM_BUILD_DIR:?}"
source_dir="${MKM_SOURCE_DIR:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/mkm-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! git -C "$source_dir" rev-parse HEAD >/dev/null 2>&1; then
  echo "not a git checkout: nothing to make a tarball of"; exit 77
fi
meson dist -C "$build" --no-tests --formats xztar --allow-dirty >"$work/dist.log" 2>&1 || { cat "$work/dist.log"; exit 1; }
tarball=$(ls -t "$build"/meson-dist/mkmate-mail-*.tar.xz | head -n1)
tar -C "$work" -xf "$tarball"
cd "$work"/mkmate-mail-*/
meson setup _build >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
meson compile -C _build >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
test -x _build/src/mkmate-mail
echo "$(basename "$tarball") configures and builds"
