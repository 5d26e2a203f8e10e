#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with translatable strings is listed in POTFILES.in,
# and every listed file exists.
set -euo pipefail
cd "$(dirname "$0")/.."

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
found=$( (grep -lE '(^|[^A-Za-z_])(_|N_|C_|NC_|ngettext) ?\(' src/*.c src/*/*.c 2>/dev/null
          grep -l 'translatable="yes"' src/*/*.ui 2>/dev/null
          ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml.in 2>/dev/null) | sort -u)

status=0
for f in $found; do
  grep -qx "$f" <<<"$listed" || { echo "missing from po/POTFILES.in: $f"; status=1; }
done
for f in $listed; do
  [ -f "$f" ] || { echo "listed in po/POTFILES.in but not found: $f"; status=1; }
done
[ "$status" = 0 ] && echo "po/POTFILES.in lists all $(wc -w <<<"$found") files with translatable strings"
exit "$status"
