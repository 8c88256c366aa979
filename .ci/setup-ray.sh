# Sourced by .ci/run after `make setup`: start a one-machine Ray cluster on loopback for the
# Ray engine tests, and tell them where it is (CRISISDESK_TEST_RAY_ADDRESS).
# Ray itself comes with the project's `ray` extra (in `dev`), so nothing is installed here.
# RAY_BIN overrides the ray command (default: the project's .venv).
ray_bin="${RAY_BIN:-.venv/bin/ray}"
ray_port="${CRISISDESK_TEST_RAY_PORT:-6380}"
"$ray_bin" start --head --node-ip-address=127.0.0.1 --port="$ray_port" \
    --include-dashboard=false --num-cpus=2 --disable-usage-stats >/dev/null
export CRISISDESK_TEST_RAY_ADDRESS="127.0.0.1:$ray_port"
