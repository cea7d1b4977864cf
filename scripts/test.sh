#!/usr/bin/env bash
# Installs, builds (warnings as errors) and runs every test with CTest.
# KF_SANITIZE=ON runs the same tests under ASan+UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${KF_SANITIZE:-OFF}" = ON ]; then
  export BUILD_DIR=${BUILD_DIR:-build-asan}
  export KF_BUILD_BENCH=OFF
fi
export BUILD_DIR=${BUILD_DIR:-build}
# The conformance tests load series into Debian's prometheus. Install it when
# missing, without starting its service (policy-rc.d answers 101); on failure
# those tests skip and say so.
install_prometheus() {
  command -v promtool >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 0
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1; } ||
    echo "test.sh: could not install prometheus; the Prometheus conformance tests will skip" >&2
  if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi
  return 0
}
install_prometheus
# The serve tests run real kubectl: Debian's kubernetes-client when there is none.
command -v kubectl >/dev/null || export KF_EXTRA_PACKAGES="${KF_EXTRA_PACKAGES:-} kubernetes-client"
# bench/serve_bench drives its load with wrk.
if [ "${KF_BUILD_BENCH:-ON}" != OFF ] && ! command -v wrk >/dev/null; then
  export KF_EXTRA_PACKAGES="${KF_EXTRA_PACKAGES:-} wrk"
fi
KF_WERROR=ON scripts/setup.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${JOBS:-$(nproc)}" ${CTEST_ARGS:-}
