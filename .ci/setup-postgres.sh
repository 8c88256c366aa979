# Sourced by .ci/run after `make setup` (as root, on Debian 12, under `set -euo pipefail`):
# install Debian's PostgreSQL, start its cluster listening on 127.0.0.1 only, create a role and
# a database for the store tests, and tell them where it is (CRISISDESK_TEST_POSTGRES).
# Idempotent: sourcing it again finds everything in place and only re-exports the address.
# The role and password are throw-away test credentials for a loopback-only server.
pg_test_role="crisisdesk"
pg_test_password="crisisdesk"
pg_test_db="crisisdesk_test"

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

# The first cluster Debian created (e.g. "15 main 5432 down ..."); newest version if several.
read -r pg_test_version pg_test_cluster pg_test_port _ < <(pg_lsclusters -h | sort -n | tail -n 1)

# Loopback only: a drop-in file, so the packaged postgresql.conf stays untouched.
pg_test_conf="/etc/postgresql/$pg_test_version/$pg_test_cluster/conf.d/crisisdesk-test.conf"
pg_test_setting="listen_addresses = '127.0.0.1'"
pg_test_changed=0
if [ "$(cat "$pg_test_conf" 2>/dev/null || true)" != "$pg_test_setting" ]; then
    printf '%s\n' "$pg_test_setting" >"$pg_test_conf"
    pg_test_changed=1
fi
if pg_ctlcluster "$pg_test_version" "$pg_test_cluster" status >/dev/null 2>&1; then
    if [ "$pg_test_changed" = 1 ]; then
        pg_ctlcluster "$pg_test_version" "$pg_test_cluster" restart
    fi
else
    pg_ctlcluster "$pg_test_version" "$pg_test_cluster" start
fi

pg_test_psql() {
    (cd / && runuser -u postgres -- psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 \
        --port "$pg_test_port" "$@")
}
if [ -z "$(pg_test_psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$pg_test_role'")" ]; then
    pg_test_psql -c "CREATE ROLE $pg_test_role LOGIN PASSWORD '$pg_test_password'"
fi
if [ -z "$(pg_test_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$pg_test_db'")" ]; then
    pg_test_psql -c "CREATE DATABASE $pg_test_db OWNER $pg_test_role"
fi

export CRISISDESK_TEST_POSTGRES="postgresql://$pg_test_role:$pg_test_password@127.0.0.1:$pg_test_port/$pg_test_db"
unset -f pg_test_psql
unset pg_test_role pg_test_password pg_test_db pg_test_version pg_test_cluster pg_test_port \
    pg_test_conf pg_test_setting pg_test_changed
