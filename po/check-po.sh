#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every translation complete and valid: no untranslated or fuzzy message,
# placeholders matching (msgfmt --check).
set -euo pipefail
status=0
for po in "$(dirname "$0")"/*.po; do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || status=1
  echo "$(basename "$po"): $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
done
exit "$status"
