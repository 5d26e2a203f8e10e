#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks tests/smtp-fixture.py against the curl command line: every listener
# must make curl fail (or succeed) the way the C tests rely on.
# Only 127.0.0.1/localhost is contacted.
#
# Environment: PYTHON (default /usr/bin/python3), CURL (default curl),
# KEEP_FIXTURE_DIR=1 keeps the temporary directory for inspection.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}
curl_bin=${CURL:-curl}
started=$(date +%s%N)

d=$(mktemp -d "${TMPDIR:-/tmp}/smtp-fixture-selftest.XXXXXX")
fixture_pid=

cleanup() {
    if [ -n "$fixture_pid" ] && kill -0 "$fixture_pid" 2>/dev/null; then
        kill "$fixture_pid" 2>/dev/null || true
        wait "$fixture_pid" 2>/dev/null || true
    fi
    if [ "${KEEP_FIXTURE_DIR:-0}" = 1 ]; then
        echo "fixture directory kept: $d"
    else
        rm -rf "$d"
    fi
}
trap cleanup EXIT

"$python" "$here/smtp-fixture.py" --dir "$d" >"$d/fixture.out" 2>"$d/fixture.err" &
fixture_pid=$!

for _ in $(seq 200); do
    [ -s "$d/ports.json" ] && break
    if ! kill -0 "$fixture_pid" 2>/dev/null; then
        echo "fixture died during start-up:" >&2
        cat "$d/fixture.err" >&2
        exit 1
    fi
    sleep 0.1
done
if [ ! -s "$d/ports.json" ]; then
    echo "fixture did not write ports.json within 20 s" >&2
    exit 1
fi

# Listener names are identifiers, so they make safe variable names.
eval "$("$python" -c '
import json, sys
for key, value in json.load(open(sys.argv[1])).items():
    if isinstance(value, int):
        print(f"PORT_{key}={value}")
' "$d/ports.json")"
ca="$d/ca.pem"
log="$d/log.jsonl"

printf 'From: a@example.test\r\nTo: b@example.test\r\nSubject: fixture self-test\r\n\r\nHello.\r\n' >"$d/msg.eml"

passed=0
failed=0
declare -A observed

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$*"; }

log_lines() { wc -l <"$log"; }

# log_count FROM LISTENER EVENT [KEY=JSONVALUE...]: matching log records
# after line FROM.
log_count() {
    "$python" - "$log" "$@" <<'EOF'
import json, sys
path, start, listener, event, *filters = sys.argv[1:]
want = {k: json.loads(v) for k, v in (f.split("=", 1) for f in filters)}
n = 0
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i < int(start):
            continue
        r = json.loads(line)
        if (r.get("listener") == listener and r.get("event") == event
                and all(r.get(k) == v for k, v in want.items())):
            n += 1
print(n)
EOF
}

curl_args() {
    local url=$1
    shift
    printf '%s\0' -q -sS --noproxy '*' --max-time 10 --url "$url" \
        --mail-from a@example.test --mail-rcpt b@example.test \
        --upload-file "$d/msg.eml" "$@"
}

# check_rc NAME EXPECTED: judge $rc; EXPECTED is like "0" or "51|60".
check_rc() {
    local name=$1 expected=$2
    observed[$name]=$rc
    if [[ "|$expected|" == *"|$rc|"* ]]; then
        ok=1
        pass "$name: curl exit $rc (expected $expected)"
    else
        ok=0
        fail "$name: curl exit $rc (expected $expected): $(head -n1 "$d/curl.err")"
    fi
}

# run_curl NAME EXPECTED URL [CURL ARGS...]
# Sets $rc, $ok (1 if as expected) and $mark (log offset before the run).
run_curl() {
    local name=$1 expected=$2
    shift 2
    local -a args
    mapfile -d '' args < <(curl_args "$@")
    mark=$(log_lines)
    rc=0
    "$curl_bin" "${args[@]}" >"$d/curl.out" 2>"$d/curl.err" || rc=$?
    check_rc "$name" "$expected"
}

# run_curl_until_error: like run_curl, for servers that never answer QUIT.
# curl reports the error (and its code) on stderr, then waits for the QUIT
# reply for the 120 s server response timeout before exiting, so take the
# code from the message and stop curl.
run_curl_until_error() {
    local name=$1 expected=$2
    shift 2
    local -a args
    mapfile -d '' args < <(curl_args "$@")
    mark=$(log_lines)
    : >"$d/curl.err"
    "$curl_bin" "${args[@]}" >"$d/curl.out" 2>"$d/curl.err" &
    local curl_pid=$!
    for _ in $(seq 150); do
        grep -q '^curl: (' "$d/curl.err" && break
        kill -0 "$curl_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$curl_pid" 2>/dev/null || true
    wait "$curl_pid" 2>/dev/null || true
    rc=$(sed -n 's/^curl: (\([0-9]*\)).*/\1/p' "$d/curl.err" | head -n1)
    rc=${rc:-none}
    check_rc "$name" "$expected"
}

# expect_log NAME WANT LISTENER EVENT [FILTERS...]: check records since $mark.
expect_log() {
    local name=$1 want=$2
    shift 2
    local got
    got=$(log_count "$mark" "$@")
    if [ "$got" = "$want" ]; then
        pass "$name: log has $got x $*"
    else
        fail "$name: log has $got x $* (expected $want)"
    fi
}

# then_log: expect_log, skipped when the preceding curl run already failed.
then_log() {
    if [ "$ok" = 1 ]; then
        expect_log "$@"
    fi
}

user=(--user 'admin@example.test:s3cret-Pässword')
L=127.0.0.1

# --- plain SMTP -------------------------------------------------------------
run_curl "plain AUTH PLAIN" 0 "smtp://$L:$PORT_plain" "${user[@]}"
if [ "$ok" = 1 ]; then
    if [ -s "$d/mail/plain-1.eml" ] && grep -q 'fixture self-test' "$d/mail/plain-1.eml"; then
        pass "plain: message saved as mail/plain-1.eml"
    else
        fail "plain: mail/plain-1.eml missing or wrong"
    fi
    expect_log "plain" 1 plain mail auth=true 'user="admin@example.test"'
fi
run_curl "plain AUTH LOGIN" 0 "smtp://$L:$PORT_plain" "${user[@]}" \
    --login-options AUTH=LOGIN
then_log "plain LOGIN" 1 plain auth 'mechanism="LOGIN"' success=true
run_curl "plain second user" 0 "smtp://$L:$PORT_plain" --user plain-user:hunter2
run_curl "plain wrong password" 67 "smtp://$L:$PORT_plain" \
    --user 'admin@example.test:wrong'
then_log "plain wrong password" 1 plain auth success=false
run_curl "plain --ssl-reqd" 64 "smtp://$L:$PORT_plain" "${user[@]}" --ssl-reqd
expect_log "plain --ssl-reqd sent no AUTH" 0 plain command 'verb="AUTH"'
expect_log "plain --ssl-reqd sent no MAIL" 0 plain command 'verb="MAIL"'
run_curl "smtps:// against plain" 35 "smtps://localhost:$PORT_plain" --cacert "$ca"

run_curl "plain_noauth" 0 "smtp://$L:$PORT_plain_noauth"
then_log "plain_noauth" 1 plain_noauth mail auth=false
# libcurl skips AUTH when the server does not offer it, even with --user.
run_curl "plain_noauth with --user" 0 "smtp://$L:$PORT_plain_noauth" "${user[@]}"
then_log "plain_noauth with --user" 0 plain_noauth command 'verb="AUTH"'

run_curl "smtputf8" 0 "smtp://$L:$PORT_smtputf8" --mail-from 'jörg@example.test'
then_log "smtputf8" 1 smtputf8 mail 'mail_from="jörg@example.test"'
run_curl "UTF-8 sender without SMTPUTF8" 55 "smtp://$L:$PORT_plain" \
    --mail-from 'jörg@example.test'

# --- STARTTLS ---------------------------------------------------------------
run_curl "starttls" 0 "smtp://localhost:$PORT_starttls" "${user[@]}" \
    --ssl-reqd --cacert "$ca"
then_log "starttls" 1 starttls mail auth=true tls=true
run_curl "starttls by IP" 0 "smtp://$L:$PORT_starttls" "${user[@]}" \
    --ssl-reqd --cacert "$ca"
run_curl "starttls wrong password" 67 "smtp://localhost:$PORT_starttls" \
    --user 'admin@example.test:wrong' --ssl-reqd --cacert "$ca"
run_curl "starttls without --ssl" 55 "smtp://localhost:$PORT_starttls" "${user[@]}"
then_log "starttls without --ssl sent no AUTH" 0 starttls command 'verb="AUTH"'
run_curl "starttls_expired" 60 "smtp://localhost:$PORT_starttls_expired" "${user[@]}" \
    --ssl-reqd --cacert "$ca"
expect_log "starttls_expired sent no AUTH" 0 starttls_expired command 'verb="AUTH"'
run_curl "starttls_wrongname" "51|60" "smtp://localhost:$PORT_starttls_wrongname" \
    "${user[@]}" --ssl-reqd --cacert "$ca"
run_curl "starttls_selfsigned" 60 "smtp://localhost:$PORT_starttls_selfsigned" \
    "${user[@]}" --ssl-reqd --cacert "$ca"
run_curl "starttls_selfsigned pinned" 0 "smtp://localhost:$PORT_starttls_selfsigned" \
    "${user[@]}" --ssl-reqd --cacert "$d/selfsigned.pem"

# --- implicit TLS -----------------------------------------------------------
run_curl "smtps" 0 "smtps://localhost:$PORT_smtps" "${user[@]}" --cacert "$ca"
then_log "smtps" 1 smtps mail auth=true tls=true
run_curl "smtps_expired" 60 "smtps://localhost:$PORT_smtps_expired" "${user[@]}" --cacert "$ca"
run_curl "smtps_wrongname" "51|60" "smtps://localhost:$PORT_smtps_wrongname" \
    "${user[@]}" --cacert "$ca"
run_curl "smtp:// against smtps" 28 "smtp://$L:$PORT_smtps" --max-time 2

# --- misbehaving servers ----------------------------------------------------
run_curl "silent" 28 "smtp://$L:$PORT_silent" --connect-timeout 2
run_curl "greet554" "8|9" "smtp://$L:$PORT_greet554"
run_curl "reject_mail" 55 "smtp://$L:$PORT_reject_mail" "${user[@]}"
run_curl "reject_rcpt" 55 "smtp://$L:$PORT_reject_rcpt" "${user[@]}"
run_curl "reject_data" 8 "smtp://$L:$PORT_reject_data" "${user[@]}"
then_log "reject_data" 1 reject_data rejected
run_curl "hangup_data" "55|56" "smtp://$L:$PORT_hangup_data"
then_log "hangup_data" 1 hangup_data hangup
run_curl_until_error "stall_data" 28 "smtp://$L:$PORT_stall_data" --max-time 2
then_log "stall_data" 1 stall_data stalled
# curl ignores lines that do not start with a reply code and keeps waiting.
run_curl "garbage" "8|28" "smtp://$L:$PORT_garbage" --max-time 2

# --- the fixture itself -----------------------------------------------------
if [ -s "$d/fixture.err" ]; then
    fail "fixture wrote to stderr: $(head -n3 "$d/fixture.err")"
else
    pass "fixture stderr is empty"
fi

t0=$(date +%s%N)
kill -TERM "$fixture_pid"
frc=0
wait "$fixture_pid" || frc=$?
fixture_pid=
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$frc" = 0 ] && [ "$ms" -lt 2000 ]; then
    pass "fixture exited with 0 after SIGTERM in $ms ms"
else
    fail "fixture exit status $frc after SIGTERM, took $ms ms"
fi

echo
echo "curl exit codes:"
for name in "${!observed[@]}"; do
    printf '  %-32s %s\n' "$name" "${observed[$name]}"
done | sort
echo "elapsed: $(( ($(date +%s%N) - started) / 1000000 )) ms"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
