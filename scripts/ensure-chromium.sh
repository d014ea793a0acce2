#!/usr/bin/env bash
# Makes sure a chromium binary is there for the dashboard's browser test (test/dashboard/):
# SHARDCAST_CHROMIUM or /usr/bin/chromium first, then Debian's chromium package when we are
# root; otherwise a clear message and a non-zero exit. No browser is ever downloaded at run time.
set -euo pipefail
BIN="${SHARDCAST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$BIN" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium not found: installing Debian's chromium package (for the dashboard's browser test)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$BIN" ] && exit 0
fi
cat >&2 <<'MSG'
The dashboard's browser test needs chromium.
Install it, for example:
  Debian/Ubuntu:  sudo apt-get install chromium
or point SHARDCAST_CHROMIUM at a Chromium or Chrome binary, then run the command again.
MSG
exit 1
