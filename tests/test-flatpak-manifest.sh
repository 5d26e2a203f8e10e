#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Flatpak manifest parses, and asks for exactly the permissions it needs.
set -euo pipefail
manifest="${MKM_SOURCE_DIR:?}/build-aux/flatpak/vn.osd.MkmateMail.json"
work=$(mktemp -d "${TMPDIR:-/tmp}/mkm-flatpak.XXXXXX")
trap 'rm -rf "$work"' EXIT

# flatpak-builder makes .flatpak-builder/ in the current folder.
(cd "$work" && env -u G_DEBUG flatpak-builder --show-manifest "$manifest" >"$work/shown.json")

/usr/bin/python3 - "$manifest" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
expected = ["--share=network", "--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"]
assert m["app-id"] == "vn.osd.MkmateMail", m["app-id"]
assert m["command"] == "mkmate-mail"
assert m["runtime"] == "org.gnome.Platform" and m["sdk"] == "org.gnome.Sdk"
assert sorted(m["finish-args"]) == sorted(expected), m["finish-args"]
names = [mod["name"] for mod in m["modules"]]
assert names == ["gmime", "mkmate-mail"], names
gmime = m["modules"][0]["sources"][0]
assert gmime["type"] == "archive" and len(gmime["sha256"]) == 64
print("manifest parses; finish-args are exactly", " ".join(expected))
PY
