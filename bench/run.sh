#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times one small test email over STARTTLS + AUTH on loopback with
# mkmate-mail --send-test, the curl command line, msmtp and swaks, and prints
# medians and ratios against curl measured in the same run; then Cancel
# latency and the longest main-loop stall (bench/mkm-bench.c).
#
#   bench/run.sh [ROUNDS]       (builds _build first; runs in a private session)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${MKM_BENCH_INNER:-}" ]; then
  build-aux/deps.sh test
  missing=()
  for p in msmtp swaks libio-socket-ssl-perl libauthen-sasl-perl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  [ -f _build/build.ninja ] || meson setup _build
  meson compile -C _build >/dev/null
  MKM_BENCH_INNER=1 exec build-aux/run-session.sh "$0" "$@"
fi

rounds="${1:-20}"
build="$PWD/_build"
tmp=$(mktemp -d)
/usr/bin/python3 tests/smtp-fixture.py --dir "$tmp/smtp" --only starttls,silent,stall_data >/dev/null &
fixture=$!
trap 'kill $fixture 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 200); do [ -f "$tmp/smtp/ports.json" ] && break; sleep 0.05; done
port () { grep "\"$1\"" "$tmp/smtp/ports.json" | tr -dc '0-9'; }
starttls=$(port starttls)
ca="$tmp/smtp/ca.pem"
user=admin@example.test
pass='s3cret-Pässword'

# The same small message for every tool.
cat > "$tmp/msg.eml" <<MSG
From: no-reply@brand.example
To: quantri@example.test
Subject: bench
Date: $(date -R)
Message-ID: <bench.$$@brand.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello.
MSG

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=keyfile
gsettings set vn.osd.MkmateMail mode smtp
gsettings set vn.osd.MkmateMail admin-email quantri@example.test
gsettings set vn.osd.MkmateMail from-address no-reply@brand.example
gsettings set vn.osd.MkmateMail smtp-host localhost
gsettings set vn.osd.MkmateMail smtp-port "$starttls"
gsettings set vn.osd.MkmateMail smtp-encryption tls
gsettings set vn.osd.MkmateMail smtp-username "$user"
gsettings set vn.osd.MkmateMail smtp-ca-file "$ca"
printf '%s' "$pass" | secret-tool store --label=bench xdg:schema vn.osd.MkmateMail.SmtpPassword host localhost username "$user"

cat > "$tmp/msmtprc" <<RC
account bench
host localhost
port $starttls
from no-reply@brand.example
auth on
user $user
password $pass
tls on
tls_starttls on
tls_trust_file $ca
RC
chmod 600 "$tmp/msmtprc"

run_mkmate () { "$build/src/mkmate-mail" --send-test=Hello. >/dev/null; }
run_curl () {
  curl -sS --noproxy '*' --url "smtp://localhost:$starttls" --ssl-reqd --cacert "$ca" \
    --user "$user:$pass" --mail-from no-reply@brand.example --mail-rcpt quantri@example.test \
    --upload-file "$tmp/msg.eml" >/dev/null
}
run_msmtp () { msmtp -C "$tmp/msmtprc" -a bench quantri@example.test <"$tmp/msg.eml"; }
run_swaks () {
  swaks --silent 2 --server localhost --port "$starttls" --tls --auth-user "$user" --auth-password "$pass" \
    --from no-reply@brand.example --to quantri@example.test --data "@$tmp/msg.eml" >/dev/null
}

# Median wall time in microseconds of $rounds runs of a function.
median_us () {
  local fn="$1" t0 t1
  "$fn"   # warm-up
  for _ in $(seq "$rounds"); do
    t0=$(date +%s%N); "$fn"; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 ))
  done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

echo "Sending one small message over STARTTLS + AUTH on loopback, median of $rounds runs"
declare -A median
for tool in curl mkmate msmtp swaks; do
  median[$tool]=$(median_us "run_$tool")
done
for tool in mkmate curl msmtp swaks; do
  awk -v t="$tool" -v us="${median[$tool]}" -v ref="${median[curl]}" \
    'BEGIN { printf "%-10s median %8.2f ms   ratio to curl %.2f\n", t, us / 1000, us / ref }'
done

echo
"$build/bench/mkm-bench" "$(port silent)" "$(port stall_data)" "$rounds"
