#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A second mkmate-mail raises the first window instead of opening another.
set -u
app="${MKM_BUILD_DIR:?}/src/mkmate-mail"
export GSETTINGS_BACKEND=memory
log=$(mktemp)
trap 'kill "$first" 2>/dev/null; rm -f "$log"' EXIT

"$app" >"$log" 2>&1 &
first=$!
owned () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner vn.osd.MkmateMail 2>/dev/null | grep -q true
}
for _ in $(seq 100); do owned && break; sleep 0.1; done

failed=0
owned || { echo "not ok - the first instance owns vn.osd.MkmateMail"; failed=1; }
start=$(date +%s%N)
if timeout 10 "$app"; then
  echo "ok - the second launch returns at once ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
else
  echo "not ok - the second launch failed or hung"; failed=1
fi
if [ "$(pgrep -c -f "^$app\$")" = 1 ] && kill -0 "$first"; then
  echo "ok - one process, still running"
else
  echo "not ok - expected exactly the first process"; failed=1
fi
owner=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
          --method org.freedesktop.DBus.GetConnectionUnixProcessID vn.osd.MkmateMail | tr -dc '0-9 ' | awk '{print $NF}')
if [ "$owner" = "$first" ]; then echo "ok - the first instance still owns the name"; else echo "not ok - owner $owner"; failed=1; fi
exit "$failed"
