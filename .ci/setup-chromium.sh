# Sourced by .ci/run: Debian's Chromium for the page tests (tests/web/test_page.py), driven by
# Playwright for Python with executable_path, so no browser is downloaded. The tests read
# CRISISDESK_CHROMIUM; they skip without it (fail under CI=true).
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
export CRISISDESK_CHROMIUM=/usr/bin/chromium
