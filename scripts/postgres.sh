#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server on loopback for the store's server tests.
#   source scripts/postgres.sh && postgres_start   installs Debian's postgresql-15 and postgis if
#                                                  missing, starts a server in a temp dir and exports
#                                                  LDN_TWIN_TEST_POSTGRES_URL
#   postgres_stop                                  stops it and removes the temp dir
# Root cannot run postgres, so the server runs as the `postgres` system user (created by the package).
# Any failure is fatal: CI must never skip the server tests silently.

postgres_bin=/usr/lib/postgresql/15/bin

postgres_install() {
  if [[ -x "$postgres_bin/postgres" && -f /usr/share/postgresql/15/extension/postgis.control ]]; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "postgres.sh: postgresql-15 and postgresql-15-postgis-3 are missing and installing them needs root" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    postgresql-15 postgresql-15-postgis-3 >/dev/null
}

# Runs a command as the server's user (root may not run postgres; anyone else runs it as themselves).
postgres_as() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  postgres_install || return 1
  POSTGRES_DIR=$(mktemp -d /tmp/ldn-twin-postgres.XXXXXX)
  chmod 755 "$POSTGRES_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$POSTGRES_DIR"
  local port
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  postgres_as "$postgres_bin/initdb" -D "$POSTGRES_DIR/data" -U ldn --auth=trust -E UTF8 --no-sync >/dev/null || return 1
  postgres_as "$postgres_bin/pg_ctl" -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$POSTGRES_DIR -c fsync=off" \
    start >/dev/null || { cat "$POSTGRES_DIR/server.log" >&2; return 1; }
  postgres_as "$postgres_bin/createdb" -h 127.0.0.1 -p "$port" -U ldn ldn_twin_test || return 1
  postgres_as psql -q -h 127.0.0.1 -p "$port" -U ldn -d ldn_twin_test -c 'CREATE EXTENSION postgis' || return 1
  export LDN_TWIN_TEST_POSTGRES_URL="postgres://ldn@127.0.0.1:$port/ldn_twin_test"
  export POSTGRES_DIR
  echo "postgres.sh: PostGIS server at $LDN_TWIN_TEST_POSTGRES_URL" >&2
}

postgres_stop() {
  [[ -n "${POSTGRES_DIR:-}" && -d "$POSTGRES_DIR" ]] || return 0
  postgres_as "$postgres_bin/pg_ctl" -D "$POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$POSTGRES_DIR"
  unset POSTGRES_DIR LDN_TWIN_TEST_POSTGRES_URL
}
