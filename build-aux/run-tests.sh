#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what the tests need, builds into _build (or the folder given in
# MKM_BUILD_DIR) and runs the whole test suite in a private session: its own
# D-Bus bus, an unlocked gnome-keyring, an Xvfb display and a temporary HOME.
# Extra arguments go to `meson setup` (e.g. -Db_sanitize=address,undefined).
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh test
build="${MKM_BUILD_DIR:-_build}"
if [ -f "$build/build.ninja" ]; then
  [ $# -eq 0 ] || meson configure "$build" "$@"
else
  meson setup "$build" "$@"
fi
meson compile -C "$build"

rc=0
build-aux/run-session.sh meson test -C "$build" --print-errorlogs --num-processes 2 || rc=$?

# One closing line any CI can read.
/usr/bin/python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
results = [json.loads(line)["result"] for line in open(sys.argv[1]) if line.strip()]
passed = sum(r in ("OK", "EXPECTEDFAIL") for r in results)
skipped = sum(r == "SKIP" for r in results)
print(f"{passed} passed, {len(results) - passed - skipped} failed, {skipped} skipped")
PY
exit "$rc"
