#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command against a keyring in a given state, on a bus of its own:
#   keyring-session.sh unlocked|locked|none COMMAND...
# unlocked: a fresh gnome-keyring, unlocked; locked: a keyring file made with
# another password, so its collection stays locked; none: no Secret Service.
set -euo pipefail

mode="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"

if [ -z "${MKM_KEYRING_INNER:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkm-keyring.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  # MKM_KEYRING_KEEP_HOME=1 keeps HOME and its settings (for "none" only:
  # a keyring daemon would use the caller's keyrings).
  if [ -z "${MKM_KEYRING_KEEP_HOME:-}" ]; then
    export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config"
    export XDG_CACHE_HOME="$tmp/home/.cache"
  fi
  export XDG_RUNTIME_DIR="$tmp/runtime" MKM_KEYRING_DIR="$tmp"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  unset DBUS_SESSION_BUS_ADDRESS
  rc=0
  if [ "$mode" = locked ]; then
    # First make a keyring with one password...
    MKM_KEYRING_INNER=make dbus-run-session --config-file="$here/dbus-no-services.conf" -- "$0" "$mode" true || rc=$?
  fi
  MKM_KEYRING_INNER=run dbus-run-session --config-file="$here/dbus-no-services.conf" -- "$0" "$mode" "$@" || rc=$?
  exit "$rc"
fi

has_secrets () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true
}

start_keyring () {
  # The tests' G_DEBUG=fatal-warnings is not for the daemon: a wrong
  # unlock password makes it warn, and it must live on, locked.
  printf '%s' "$1" | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  for _ in $(seq 100); do
    has_secrets && return 0
    sleep 0.1
  done
  echo "gnome-keyring-daemon did not start" >&2
  exit 1
}

stop_keyring () {
  local pid
  pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
          --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | tr -dc '0-9 ' | awk '{print $NF}')
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
}

case "$mode:$MKM_KEYRING_INNER" in
  locked:make)
    start_keyring "first-password"
    printf 'x' | secret-tool store --label=seed purpose seed
    stop_keyring
    exit 0 ;;
  locked:run)
    start_keyring "another-password" ;;
  unlocked:run)
    start_keyring "mkm-$$" ;;
  none:run)
    ;;
  *)
    echo "unknown mode $mode" >&2; exit 2 ;;
esac

rc=0
MKM_KEYRING_MODE="$mode" "$@" || rc=$?
[ "$mode" = none ] || stop_keyring
exit "$rc"
