#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test run: `start DIR` makes a cluster in DIR (owned by
# the run, listening only on a socket in DIR and 127.0.0.1:PORT), prints the URL of a login
# that may create databases; `stop DIR` stops it and removes DIR. Debian's server binaries
# (package postgresql, installed by scripts/setup-debian.sh); as root they run as 'postgres'.
set -euo pipefail
action="${1:?start or stop}"
dir="${2:?a folder for the cluster}"
port="${AWARDS_TEST_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL's server is not installed (Debian: postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U awards_admin --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    echo "postgresql+psycopg://awards_admin@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*) echo "start or stop" >&2; exit 2 ;;
esac
