#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# mkmate-mail --send-test against real local SMTP servers, with the saved
# settings (keyfile backend in a temporary HOME) and the password in a real
# keyring. Run inside tests/keyring-session.sh unlocked.
set -u

build="${MKM_BUILD_DIR:?}"
source_dir="${MKM_SOURCE_DIR:?}"
app="$build/src/mkmate-mail"
passed=0
failed=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkm-cli.XXXXXX")
fixture_pid=
cleanup () {
  [ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

export GSETTINGS_BACKEND=keyfile
unset DISPLAY WAYLAND_DISPLAY   # the command line needs no display

/usr/bin/python3 "$source_dir/tests/smtp-fixture.py" --dir "$tmp/smtp" \
  --only plain,silent >/dev/null &
fixture_pid=$!
for _ in $(seq 200); do [ -f "$tmp/smtp/ports.json" ] && break; sleep 0.05; done
port () { grep "\"$1\"" "$tmp/smtp/ports.json" | tr -dc '0-9'; }

check () {
  local name="$1"; shift
  if "$@"; then
    echo "ok - $name"; passed=$((passed + 1))
  else
    echo "not ok - $name"; failed=$((failed + 1))
    echo "# stdout: $(cat "$tmp/out")"; echo "# stderr: $(cat "$tmp/err")"
  fi
}

run () {
  status=0
  "$app" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}

configure () {
  gsettings set vn.osd.MkmateMail mode smtp
  gsettings set vn.osd.MkmateMail admin-email quantri@example.test
  gsettings set vn.osd.MkmateMail from-address no-reply@brand.example
  gsettings set vn.osd.MkmateMail smtp-host localhost
  gsettings set vn.osd.MkmateMail smtp-port "$1"
  gsettings set vn.osd.MkmateMail smtp-encryption none
  gsettings set vn.osd.MkmateMail smtp-username admin@example.test
  gsettings set vn.osd.MkmateMail smtp-timeout "${2:-10}"
}

store_password () {
  printf '%s' "$1" | secret-tool store --label="test" xdg:schema vn.osd.MkmateMail.SmtpPassword \
    host localhost username admin@example.test
}

# Success, with the password from the keyring.
configure "$(port plain)"
store_password 's3cret-Pässword'
run --send-test="Xin chào từ dòng lệnh"
check "success exits 0" test "$status" = 0
check "success says where it went" grep -q "^Test email sent to quantri@example.test at .* Server reply: 250 2.0.0 Ok: queued as " "$tmp/out"
check "success prints one line" test "$(wc -l <"$tmp/out")" = 1
check "the mail arrived" grep -rqs "Subject: Mkmate test email" "$tmp/smtp/mail"

# --verbose adds the transcript, without the password.
run --send-test --verbose
check "verbose exits 0" test "$status" = 0
check "verbose shows the conversation" grep -q "^C: AUTH " "$tmp/err"
check "verbose hides the password" bash -c "! grep -q 's3cret' '$tmp/err' '$tmp/out'"

# A wrong password.
store_password 'wrong-password'
run --send-test
check "wrong password exits 1" test "$status" = 1
check "wrong password: one line on stdout" grep -qx "Test failed: Username or password rejected" "$tmp/out"
check "wrong password: the fix on stderr" grep -q "need an app password" "$tmp/err"
check "wrong password: the server's reply" grep -q "Server reply: 535 5.7.8" "$tmp/err"

# The same in Vietnamese: the explanation and the test email's words.
export MKM_LOCALEDIR="$build/po"
LANGUAGE=vi run --send-test
check "vietnamese: exit 1" test "$status" = 1
check "vietnamese: one line on stdout" grep -qx "Test không thành công: Tên đăng nhập hoặc mật khẩu bị từ chối" "$tmp/out"
check "vietnamese: the fix on stderr" grep -q "mật khẩu ứng dụng" "$tmp/err"
store_password 's3cret-Pässword'
LANGUAGE=vi run --send-test="Xin chào, đây là thư test."
check "vietnamese: sent" test "$status" = 0
check "vietnamese: subject decodes" bash -c "/usr/bin/python3 '$source_dir/tests/parse-mail.py' \"\$(ls -t '$tmp'/smtp/mail/*.eml | head -n1)\" | grep -q '^subject=Email test Mkmate \\['"
check "vietnamese: footer in Vietnamese" bash -c "/usr/bin/python3 '$source_dir/tests/parse-mail.py' \"\$(ls -t '$tmp'/smtp/mail/*.eml | head -n1)\" | grep -q 'Gửi từ Mkmate Mail lúc'"
unset MKM_LOCALEDIR

# A server that never greets.
configure "$(port silent)" 1
store_password 's3cret-Pässword'
run --send-test
check "silent server exits 1" test "$status" = 1
check "silent server explained" grep -q "The server accepted the connection but never sent its greeting." "$tmp/err"

# No password stored for this login.
gsettings set vn.osd.MkmateMail smtp-username nobody
run --send-test
check "no password exits 1" test "$status" = 1
check "no password explained" grep -q "No password is stored in the keyring for nobody on localhost" "$tmp/err"

# No Secret Service at all: a clear message, no hang.
configure "$(port plain)"
status=0
timeout 20 env -u MKM_KEYRING_INNER MKM_KEYRING_KEEP_HOME=1 \
  "$source_dir/tests/keyring-session.sh" none "$app" --send-test >"$tmp/out" 2>"$tmp/err" || status=$?
check "no keyring exits 1" test "$status" = 1
check "no keyring explained" grep -q "No keyring is available on this desktop (no Secret Service)" "$tmp/err"

# --version works anywhere.
run --version
check "version" grep -qx "mkmate-mail [0-9.]*" "$tmp/out"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
