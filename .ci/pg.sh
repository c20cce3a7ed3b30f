#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 server for the tests (Debian's
# postgresql-15-postgis-3). Never touches Debian's own cluster (pg_lsclusters)
# or port 5432: each server is a fresh initdb in a directory of its own, on a
# free loopback port below the kernel's ephemeral range, with its socket there.
#
#   .ci/pg.sh start DIR   make a cluster in DIR (created if missing), start it,
#                         print its URL (also in DIR/url); on a DIR that already
#                         holds one, start it again if stopped and print the URL
#   .ci/pg.sh stop DIR    stop it (pg_ctl -m fast) and remove DIR
#   .ci/pg.sh run CMD...  unless FRONTLINE_TEST_PG is set: start one in a mktemp
#                         dir and export FRONTLINE_TEST_PG; run CMD, stop the
#                         cluster whatever CMD did, exit with CMD's status.
#                         Without PostgreSQL 15 + PostGIS it runs CMD without
#                         FRONTLINE_TEST_PG (the tests skip), unless
#                         FRONTLINE_REQUIRE_PG=1, when it fails.
#   .ci/pg.sh pause DIR   stop the server but keep DIR (pgtest.Cluster.Stop)
#   .ci/pg.sh resume DIR  start it again on the same port (pgtest.Cluster.Start)
#
# PostgreSQL refuses to run as root: as root the server's commands run as the
# postgres OS user (runuser) and DIR is chowned to it (so DIR's parents must
# be searchable by it; /tmp and the repository are); as anyone else they run
# as that user. PG_BIN overrides /usr/lib/postgresql/15/bin.
# Messages go to stderr; stdout carries only the URL.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
POSTGIS_CONTROL=${POSTGIS_CONTROL:-/usr/share/postgresql/15/extension/postgis.control}
MARKER=frontline-pg   # written in every DIR this script made; stop removes only such DIRs

die() { echo "pg.sh: $*" >&2; exit 1; }

# missing: why the server cannot run here (empty when it can).
missing() {
  local b
  for b in initdb pg_ctl postgres pg_isready; do
    [ -x "$PG_BIN/$b" ] || { echo "no $PG_BIN/$b (apt-get install postgresql-15-postgis-3)"; return; }
  done
  [ -e "$POSTGIS_CONTROL" ] || { echo "no PostGIS for PostgreSQL 15 ($POSTGIS_CONTROL; apt-get install postgresql-15-postgis-3)"; return; }
  if [ "$(id -u)" = 0 ]; then
    id -u postgres >/dev/null 2>&1 || { echo "running as root and there is no postgres user to run the server"; return; }
    command -v runuser >/dev/null || { echo "running as root and there is no runuser"; return; }
  fi
}

# as_pg CMD...: run a PostgreSQL command as the user the server runs as, from
# / (the caller's working directory may be unreadable to that user).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# absdir DIR: DIR as an absolute path, refusing characters that pg_ctl's
# shell command line (-o) or the socket path would mangle.
absdir() {
  local d=$1
  [ -n "$d" ] || die "no DIR given"
  case $d in /*) ;; *) d=$PWD/$d ;; esac
  d=${d%/}
  [[ $d =~ ^/[A-Za-z0-9._/+-]+$ ]] || die "DIR $d: only letters, digits and ._/+- please"
  [ ${#d} -le 80 ] || die "DIR $d is too long for a Unix socket path (${#d} > 80 characters)"
  echo "$d"
}

# free_port: a TCP port nobody listens on, from 15000 up to the start of the
# kernel's ephemeral range (so no outgoing connection or :0 listener of a
# test takes it while the server is stopped and restarted).
free_port() {
  local lo=15000 hi p i hex
  hi=$(awk '{print $1 - 1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32767)
  [ "$hi" -gt $((lo + 1000)) ] || hi=$((lo + 10000))
  for i in $(seq 1 200); do
    p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
    hex=$(printf ':%04X ' "$p")
    # local_address is the second field of /proc/net/tcp{,6}; state 0A is LISTEN.
    if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v h="$hex" 'index($2 " ", h) && $4 == "0A" {f=1} END {exit !f}'; then
      echo "$p"
      return
    fi
  done
  die "no free port found between $lo and $hi"
}

# pg_start DIR PORT: start the server of DIR on PORT; fails (status 2) when
# the port turned out to be taken, 1 on any other failure.
pg_start() {
  local dir=$1 port=$2 seen=0
  # pg_ctl -l appends: look only at what this start writes.
  [ -f "$dir/log" ] && seen=$(wc -l <"$dir/log")
  if as_pg "$PG_BIN/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" >/dev/null; then
    # pg_ctl -w returns once the server accepts connections; check the port.
    as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 && return 0
    echo "pg.sh: the server in $dir started but does not answer on port $port" >&2
  fi
  if tail -n +$((seen + 1)) "$dir/log" 2>/dev/null | grep -q -e 'could not bind' -e 'Address already in use'; then
    return 2
  fi
  echo "pg.sh: the server in $dir did not start; its log:" >&2
  tail -n +$((seen + 1)) "$dir/log" 2>/dev/null | sed 's/^/  /' >&2 || true
  return 1
}

running() { as_pg "$PG_BIN/pg_ctl" status -D "$1/data" >/dev/null 2>&1; }

cmd_start() {
  local dir port url why st i
  why=$(missing)
  [ -z "$why" ] || die "$why"
  dir=$(absdir "${1:-}")
  if [ -f "$dir/$MARKER" ] && [ -f "$dir/data/PG_VERSION" ] && [ -f "$dir/port" ]; then
    # A cluster this script made: start it again if it is stopped.
    running "$dir" || cmd_resume "$dir" >/dev/null
    cat "$dir/url"
    return
  fi
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    die "$dir is not empty and holds no cluster of ours; give an empty or new directory"
  fi
  mkdir -p "$dir"
  : >"$dir/$MARKER"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres: "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot write $dir (are its parent directories searchable by others?)"
  fi
  as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 || {
    sed 's/^/  /' "$dir/initdb.log" >&2; die "initdb failed in $dir"; }
  for i in 1 2 3 4 5 6 7 8; do
    port=$(free_port)
    st=0; pg_start "$dir" "$port" || st=$?
    [ $st = 2 ] || break
    echo "pg.sh: port $port was taken, trying another" >&2
  done
  [ $st = 0 ] || die "could not start PostgreSQL in $dir"
  url="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  echo "$port" >"$dir/port"
  echo "$url" >"$dir/url"
  echo "$url"
}

cmd_pause() {
  local dir
  dir=$(absdir "${1:-}")
  [ -d "$dir/data" ] || die "no cluster in $dir"
  if running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" stop -w -t 60 -m fast -D "$dir/data" >/dev/null
  fi
}

cmd_resume() {
  local dir st
  dir=$(absdir "${1:-}")
  [ -f "$dir/port" ] || die "no cluster of ours in $dir"
  running "$dir" && { cat "$dir/url"; return; }
  st=0; pg_start "$dir" "$(cat "$dir/port")" || st=$?
  [ $st != 2 ] || die "port $(cat "$dir/port") of $dir is taken by something else now"
  [ $st = 0 ] || die "could not start PostgreSQL in $dir again"
  cat "$dir/url"
}

cmd_stop() {
  local dir
  dir=$(absdir "${1:-}")
  [ -e "$dir" ] || return 0
  if [ -d "$dir/data" ] && [ -x "$PG_BIN/pg_ctl" ] && running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" stop -w -t 60 -m fast -D "$dir/data" >/dev/null ||
      echo "pg.sh: pg_ctl stop failed in $dir; removing it anyway" >&2
  fi
  if [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then rmdir "$dir"; return; fi
  [ -f "$dir/$MARKER" ] || die "$dir was not made by pg.sh start; not removing it"
  rm -rf "$dir"
}

cmd_run() {
  [ $# -gt 0 ] || die "usage: pg.sh run CMD..."
  if [ -n "${FRONTLINE_TEST_PG:-}" ]; then
    exec "$@"
  fi
  local why
  why=$(missing)
  if [ -n "$why" ]; then
    [ "${FRONTLINE_REQUIRE_PG:-}" != 1 ] || die "FRONTLINE_REQUIRE_PG=1 but PostgreSQL cannot run here: $why"
    echo "pg.sh: $why: the PostgreSQL tests will be skipped" >&2
    exec "$@"
  fi
  local dir t0
  dir=$(mktemp -d /tmp/frontline-pg.XXXXXX)
  # Stop the server however this script ends; an interrupt runs the EXIT trap too.
  trap '(cmd_stop "$dir") || echo "pg.sh: could not clean up $dir" >&2' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  t0=$(date +%s.%N)
  FRONTLINE_TEST_PG=$(cmd_start "$dir")
  export FRONTLINE_TEST_PG
  echo "pg.sh: PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') at $FRONTLINE_TEST_PG ($dir, started in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s)" >&2
  local st=0
  "$@" || st=$?
  exit $st
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  run) shift; cmd_run "$@" ;;
  pause) shift; cmd_pause "$@" ;;
  resume) shift; cmd_resume "$@" ;;
  *) echo "usage: $0 start DIR | stop DIR | run CMD... | pause DIR | resume DIR" >&2; exit 2 ;;
esac
