#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# meson install into a temporary folder: everything where a distribution
# expects it, and the installed binary runs.
set -euo pipefail
build="${MKM_BUILD_DIR:?}"
dest=$(mktemp -d "${TMPDIR:-/tmp}/mkm-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet
prefix=$(meson introspect "$build" --buildoptions | /usr/bin/python3 -c \
  'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$dest$prefix"

passed=0; failed=0
expect () {
  if [ -e "$root/$1" ]; then echo "ok - $1"; passed=$((passed + 1))
  else echo "not ok - $1 missing"; failed=$((failed + 1)); fi
}
expect bin/mkmate-mail
expect libexec/mkmate-mail-window
expect share/glib-2.0/schemas/vn.osd.MkmateMail.gschema.xml
expect share/applications/vn.osd.MkmateMail.desktop
expect share/metainfo/vn.osd.MkmateMail.metainfo.xml
expect share/icons/hicolor/scalable/apps/vn.osd.MkmateMail.svg
expect share/icons/hicolor/symbolic/apps/vn.osd.MkmateMail-symbolic.svg
expect share/locale/vi/LC_MESSAGES/mkmate-mail.mo

if version=$("$root/bin/mkmate-mail" --version) && [[ "$version" =~ ^mkmate-mail\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "ok - installed binary: $version"; passed=$((passed + 1))
else
  echo "not ok - installed binary --version"; failed=$((failed + 1))
fi
if grep -q "^Comment\[vi\]=" "$root/share/applications/vn.osd.MkmateMail.desktop"; then
  echo "ok - desktop file translated"; passed=$((passed + 1))
else
  echo "not ok - desktop file has no Vietnamese"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
