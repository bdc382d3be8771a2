#!/usr/bin/env bash
# A throwaway PostgreSQL server for the ingest tests, from Debian's packages.
#   pg_server.sh start DIR   initdb in DIR/data, listen on a free loopback port; prints the
#                            connection URL (postgresql://agendapack@127.0.0.1:PORT/agendapack)
#   pg_server.sh stop DIR    stop it (immediate) and leave DIR to the caller to delete
# PostgreSQL refuses to run as root (CI runs as root), so as root the server runs as the
# `postgres` user the Debian package creates, or as `agendapack-test`, created here.
set -euo pipefail

cmd=${1:?usage: pg_server.sh start|stop DIR}
dir=${2:?usage: pg_server.sh start|stop DIR}

bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ]; then bin=$candidate; break; fi
done
if [ -z "$bin" ]; then
  echo "pg_server.sh: no PostgreSQL server binaries (/usr/lib/postgresql/*/bin); scripts/setup.sh installs postgresql" >&2
  exit 1
fi

run_as=()
if [ "$(id -u)" -eq 0 ]; then
  user=postgres
  if ! id "$user" >/dev/null 2>&1; then
    user=agendapack-test
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  run_as=(runuser -u "$user" --)
fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    # The server's user must reach DIR through its parent (mktemp -d makes it 0700).
    chmod 0755 "$dir"
    parent=$(dirname "$(realpath "$dir")")
    if [ -O "$parent" ]; then chmod o+x "$parent"; fi
    if [ ${#run_as[@]} -gt 0 ]; then chown "$user" "$dir"; fi
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U agendapack --auth=trust -E UTF8 --no-locale \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U agendapack agendapack
    echo "postgresql://agendapack@127.0.0.1:$port/agendapack"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
