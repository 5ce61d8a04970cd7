#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test run: `start DIR` makes a cluster in DIR (owned by
# the run, listening only on a Unix socket in DIR, so two runs never meet) and prints the URL
# of a login that may create databases; `stop DIR` stops it and removes DIR. Debian's server
# binaries (package postgresql, installed by scripts/setup-debian.sh); as root they run as
# the 'postgres' user. Durability settings are off: the cluster lives for one run.
set -euo pipefail
action="${1:?start or stop}"
dir="${2:?a folder for the cluster}"
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
    # Members of awards_password_login must give their password (the sign-in tests); every
    # other login is trusted on the socket, which only this run can reach.
    hba="$dir/data/pg_hba.conf"
    as_owner sh -c "{ echo 'local all +awards_password_login scram-sha-256'; cat '$hba'; } > '$hba.new' && mv '$hba.new' '$hba'"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    as_owner "$bin/psql" -q -h "$dir" -U awards_admin -d postgres \
        -c "CREATE ROLE awards_password_login NOLOGIN" >/dev/null
    echo "postgresql+psycopg://awards_admin@/postgres?host=$dir"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*) echo "start or stop" >&2; exit 2 ;;
esac
