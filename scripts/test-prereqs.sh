#!/usr/bin/env bash
# Makes sure what the test suite needs is on this machine, installing only what is missing:
#   - gcc and ICU, for the Couchbase Lite ICU shim the build compiles;
#   - Maven;
#   - Debian's chromium and chromium-driver, for the admin console's browser test;
#   - axe-core from npm, into .test-tools/ (git-ignored), which the browser tests run in the page
#     to check accessibility; npm is the only network a test run needs, and only here;
#   - Debian's haproxy, the load balancer of the multi-node test (three servers behind it);
#   - a running PostgreSQL on 127.0.0.1:5432 (the store SQL is also tested there).
# Idempotent and quiet when everything is present. Installing needs root (as on CI).
set -euo pipefail

need_apt=()
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
ls /usr/lib/x86_64-linux-gnu/libicuuc.so.* >/dev/null 2>&1 || need_apt+=(libicu72)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ -x /usr/sbin/haproxy ] || need_apt+=(haproxy)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

# The version the browser tests were written against; bump it here and nowhere else.
AXE_VERSION=4.14.1
tools="$(cd "$(dirname "$0")/.." && pwd)/.test-tools"
if ! grep -qs "\"version\": \"$AXE_VERSION\"" "$tools/node_modules/axe-core/package.json"; then
  echo "installing axe-core $AXE_VERSION into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break
    sleep 1
  done
fi
