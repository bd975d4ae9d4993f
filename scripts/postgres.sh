#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and the replica benchmarks, on 127.0.0.1 only.
#
#   scripts/postgres.sh start [PORT]   # prints the URL to export as LEDE_TEST_POSTGRES
#   scripts/postgres.sh stop [PORT]
#
# Installs Debian's postgresql package when no server is on the machine (as root, or with sudo),
# and runs the cluster as an unprivileged user (PostgreSQL refuses to run as root): `postgres`
# if it exists, else the current user. The cluster lives in /tmp/lede-pg-PORT, trusts local
# connections (it listens on 127.0.0.1 only) and keeps fsync on, so commit figures are real.
set -euo pipefail
command=${1:-start}
port=${2:-54329}
dir=/tmp/lede-pg-$port

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() { # runs a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$command" in
start)
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
    "${apt_get[@]}" update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  [ -n "$bin" ] || { echo "postgres.sh: no PostgreSQL server binaries found" >&2; exit 1; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir "$dir" postgres
  fi
  if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "postgres://lede@127.0.0.1:$port/lede"
    exit 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U lede -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U lede lede
  echo "postgres://lede@127.0.0.1:$port/lede"
  ;;
stop)
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: scripts/postgres.sh start|stop [PORT]" >&2
  exit 64
  ;;
esac
