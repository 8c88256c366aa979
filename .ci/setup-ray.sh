# Sourced by .ci/run after `make setup`: start a one-machine Ray cluster on loopback for the
# Ray engine tests, and tell them where it is (CRISISDESK_TEST_RAY_ADDRESS).
# Ray itself comes with the project's `ray` extra (in `dev`), so nothing is installed here.
# RAY_BIN overrides the ray command (default: the project's .venv).
#
# Ray turns --node-ip-address=127.0.0.1 (and a 127.0.0.1 address given to ray.init) into the
# machine's routable address, and its servers then listen on every interface, unless
# multi-machine clusters are switched off with RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 (read by
# Ray in every process, so it stays exported for the tests' drivers too). With it, the GCS,
# raylet, workers and agents bind 127.0.0.1 only. RAY_USAGE_STATS_ENABLED=0 keeps Ray from
# reporting usage statistics over the network. RAY_AUTH_MODE is set because `ray start` turns
# token authentication on when ~/.ray/auth_token exists (a ray.init() local cluster writes one)
# while drivers given an address do not send the token; the cluster is reachable from loopback only.
export RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0
export RAY_USAGE_STATS_ENABLED=0
export RAY_AUTH_MODE=disabled
ray_bin="${RAY_BIN:-.venv/bin/ray}"
# A cluster an earlier run left on this machine belongs to another checkout (its workers
# would import that one's files, and it holds the port): stop it first. This script is for
# CI machines; on your own machine it stops your Ray clusters too.
"$ray_bin" stop --force >/dev/null 2>&1 || true
ray_port="${CRISISDESK_TEST_RAY_PORT:-6380}"
"$ray_bin" start --head --node-ip-address=127.0.0.1 --port="$ray_port" \
    --include-dashboard=false --num-cpus=2 --disable-usage-stats >/dev/null
export CRISISDESK_TEST_RAY_ADDRESS="127.0.0.1:$ray_port"
