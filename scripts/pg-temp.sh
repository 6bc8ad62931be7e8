#!/bin/sh
# A throwaway PostgreSQL for benchmarks and trials: scripts/pg-temp.sh start  -> prints its postgresql:// URL
#                                                   scripts/pg-temp.sh stop DIR
# Uses Debian's postgresql package (apt-get install postgresql); runs as the postgres user when started as root.
set -e
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg-temp: PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/outcrop-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as "$bin/initdb" -D "$dir/data" -U outcrop --auth=trust -E UTF8 >/dev/null
    as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    echo "postgresql://outcrop@127.0.0.1:$port/postgres $dir" ;;
  stop)
    [ -n "${2:-}" ] || { echo "usage: pg-temp.sh stop DIR" >&2; exit 2; }
    as "$bin/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null && rm -rf "$2" ;;
  *) echo "usage: scripts/pg-temp.sh start | stop DIR" >&2; exit 2 ;;
esac
