#!/usr/bin/env bash
# Makes sure an etcd server binary is available: PATH first, then Debian's etcd-server package
# when we are root; otherwise a clear message and a non-zero exit.
set -euo pipefail
if command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "etcd not found: installing Debian's etcd-server package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
  # The package may start a system etcd on 2379; shardcast starts its own on free ports.
  (command -v systemctl >/dev/null && systemctl disable --now etcd >/dev/null 2>&1) || true
  command -v etcd >/dev/null 2>&1 && exit 0
fi
cat >&2 <<'MSG'
shardcast needs an etcd server binary (3.4 or newer) on PATH.
Install it, for example:
  Debian/Ubuntu:  sudo apt-get install etcd-server
  macOS:          brew install etcd
or download a release from the etcd project and put `etcd` on PATH, then run the command again.
MSG
exit 1
