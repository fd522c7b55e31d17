#!/usr/bin/env bash
# Docker for the Testcontainers tests, on a machine with no image registry: installs docker.io and
# debootstrap (once), runs a daemon on a private socket that leaves the host's network alone, and builds
# the PostgreSQL 15 image the tests use from Debian packages (once; kept in the daemon's data root).
# Prints the DOCKER_HOST to use on its last line; exits non-zero when Docker cannot run here.
# Recipe: ../shared/design/containers-and-engines-here.md.
set -euo pipefail
IMAGE="${FLEETGEN_TEST_IMAGE:-fleetgen-postgres:15}"
STATE=/var/lib/fleetgen-ci
SOCK="unix://$STATE/docker.sock"
mkdir -p "$STATE"

if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "ci: installing docker.io and debootstrap" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io debootstrap >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io debootstrap >/dev/null 2>&1; }
fi

if ! docker -H "$SOCK" info >/dev/null 2>&1; then
  echo "ci: starting dockerd on $SOCK" >&2
  nohup dockerd --data-root "$STATE/data" --exec-root "$STATE/exec" --pidfile "$STATE/dockerd.pid" -H "$SOCK" \
    --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false >"$STATE/dockerd.log" 2>&1 &
  for i in $(seq 1 60); do
    docker -H "$SOCK" info >/dev/null 2>&1 && break
    sleep 1
  done
  docker -H "$SOCK" info >/dev/null 2>&1 || { echo "ci: dockerd did not start (see $STATE/dockerd.log)" >&2; exit 1; }
fi

if ! docker -H "$SOCK" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "ci: building $IMAGE from Debian packages (once)" >&2
  mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  root="$STATE/rootfs.$$"
  rm -rf "$root"
  debootstrap --variant=minbase --include=postgresql-15 bookworm "$root" "$mirror" >"$STATE/debootstrap.log" 2>&1
  cat >"$root/entrypoint.sh" <<'ENTRY'
#!/bin/sh
# The official postgres image's contract, as Testcontainers uses it: POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB; password auth from outside; "ready to accept connections" logged twice before use.
set -e
bin=/usr/lib/postgresql/15/bin
data=/var/lib/postgresql/data
user="${POSTGRES_USER:-postgres}"
password="${POSTGRES_PASSWORD:-postgres}"
db="${POSTGRES_DB:-$user}"
mkdir -p "$data" /run/postgresql
chown -R postgres:postgres "$data" /run/postgresql
if [ ! -s "$data/PG_VERSION" ]; then
  printf '%s\n' "$password" > /tmp/pw && chown postgres /tmp/pw
  runuser -u postgres -- "$bin/initdb" -D "$data" -U "$user" --pwfile=/tmp/pw -A scram-sha-256 --auth-local=trust >/dev/null
  rm -f /tmp/pw
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$data/pg_hba.conf"
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-c listen_addresses=''" -w start
  if [ "$db" != "postgres" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -U "$user" -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\"" >/dev/null
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop
fi
exec runuser -u postgres -- "$bin/postgres" -D "$data" -c listen_addresses='*'
ENTRY
  chmod +x "$root/entrypoint.sh"
  tar -C "$root" -c . | docker -H "$SOCK" import --change 'ENTRYPOINT ["/entrypoint.sh"]' --change 'EXPOSE 5432' - "$IMAGE" >/dev/null
  rm -rf "$root"
fi
echo "$SOCK"
