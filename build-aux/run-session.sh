#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command in a private desktop session: its own HOME and XDG folders,
# its own D-Bus session bus, an unlocked gnome-keyring (Secret Service) and an
# Xvfb display. Nothing of the caller's desktop, settings or keyring is used.
#
#   build-aux/run-session.sh [--no-keyring] [--no-display] COMMAND...
set -euo pipefail

# A network namespace of its own with only loopback: nothing in the session
# can reach another host, even by accident (a DNS lookup, say).
if [ -z "${MKM_SESSION_NETNS:-}" ] && [ -z "${MKM_SESSION_INNER:-}" ]; then
  export MKM_SESSION_NETNS=1
  if unshare --net true 2>/dev/null; then
    exec unshare --net sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
  elif unshare --net --map-root-user true 2>/dev/null; then
    exec unshare --net --map-root-user sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
  fi
  echo "run-session: no private network namespace here; tests still only use loopback" >&2
fi

if [ -z "${MKM_SESSION_INNER:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkm-session.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  export MKM_SESSION_DIR="$tmp"
  export HOME="$tmp/home"
  export XDG_RUNTIME_DIR="$tmp/runtime"
  export XDG_CONFIG_HOME="$HOME/.config"
  export XDG_DATA_HOME="$HOME/.local/share"
  export XDG_CACHE_HOME="$HOME/.cache"
  export XDG_STATE_HOME="$HOME/.local/state"
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  # No portals or accessibility bus from the host desktop.
  export GTK_USE_PORTAL=0 GDK_DEBUG="${GDK_DEBUG:-}" NO_AT_BRIDGE=1
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
  # Without a keyring, the bus must not start one on demand either.
  bus_config=()
  [ "${1:-}" = --no-keyring ] && bus_config=(--config-file="$(cd "$(dirname "$0")/.." && pwd)/tests/dbus-no-services.conf")
  rc=0
  MKM_SESSION_INNER=1 dbus-run-session "${bus_config[@]}" -- "$0" "$@" || rc=$?
  exit "$rc"
fi

keyring=1
display=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-keyring) keyring=0; shift ;;
    --no-display) display=0; shift ;;
    *) break ;;
  esac
done

pids=()
cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ "$display" = 1 ]; then
  Xvfb -displayfd 3 -screen 0 1600x2400x24 -nolisten tcp 3>"$MKM_SESSION_DIR/display" 2>"$MKM_SESSION_DIR/xvfb.log" &
  pids+=($!)
  for _ in $(seq 100); do
    [ -s "$MKM_SESSION_DIR/display" ] && break
    sleep 0.1
  done
  [ -s "$MKM_SESSION_DIR/display" ] || { echo "Xvfb did not start:" >&2; cat "$MKM_SESSION_DIR/xvfb.log" >&2; exit 1; }
  export DISPLAY=":$(head -n1 "$MKM_SESSION_DIR/display")"
  dbus-update-activation-environment DISPLAY
fi

has_secrets () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true
}

if [ "$keyring" = 1 ]; then
  printf '%s' "mkm-session-$$-$RANDOM" | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  for _ in $(seq 100); do
    has_secrets && break
    sleep 0.1
  done
  has_secrets || { echo "gnome-keyring-daemon did not take org.freedesktop.secrets" >&2; exit 1; }
  kpid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
           --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | tr -dc '0-9 ' | awk '{print $NF}')
  [ -n "$kpid" ] && pids+=("$kpid")
fi

rc=0
"$@" || rc=$?
exit "$rc"
