#!/bin/sh
# Start or stop a throw-away PostgreSQL cluster on 127.0.0.1 for the store tests.
#   pg_fixture.sh start STATE_DIR   writes STATE_DIR/url ("postgresql://postgres@127.0.0.1:PORT")
#                                   or, when no server can start, STATE_DIR/url.skip (the reason)
#   pg_fixture.sh stop STATE_DIR    stops the cluster and deletes it
# As root the server runs as the `postgres` user (su); as anyone else, as that user.
set -u
action=$1
state=$2
mkdir -p "$state"

run_as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

skip() {
  rm -f "$state/url"
  echo "$1" > "$state/url.skip"
  echo "store_pg_start: PostgreSQL tests will be skipped: $1"
  exit 0
}

if [ "$action" = stop ]; then
  if [ -f "$state/cluster" ]; then
    cluster=$(cat "$state/cluster")
    bin=$(cat "$state/bin")
    run_as_db_user "$bin/pg_ctl -D $cluster/data -m fast -w stop" >/dev/null 2>&1
    rm -rf "$cluster"
  fi
  rm -f "$state/url" "$state/url.skip" "$state/cluster" "$state/bin"
  exit 0
fi

rm -f "$state/url" "$state/url.skip"
bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bin=$candidate
done
[ -n "$bin" ] || skip "initdb not found (install the Debian package postgresql)"
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  skip "running as root and there is no postgres user to run the server"
fi
cluster=$(mktemp -d /tmp/mroi-pg-XXXXXX) || skip "cannot make a temporary folder"
chmod 755 "$cluster"
[ "$(id -u)" -eq 0 ] && chown postgres "$cluster"
echo "$cluster" > "$state/cluster"
echo "$bin" > "$state/bin"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_as_db_user "$bin/initdb -D $cluster/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" \
  > "$cluster/initdb.log" 2>&1 || skip "initdb failed: $(tail -n 3 "$cluster/initdb.log" | tr '\n' ' ')"
run_as_db_user "$bin/pg_ctl -D $cluster/data -o '-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$cluster -c fsync=off' -l $cluster/server.log -w start" \
  > /dev/null 2>&1 || skip "pg_ctl start failed: $(tail -n 3 "$cluster/server.log" 2>/dev/null | tr '\n' ' ')"
echo "postgresql://postgres@127.0.0.1:$port" > "$state/url"
echo "store_pg_start: PostgreSQL on 127.0.0.1:$port ($cluster)"
