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
# The serve tests run real kubectl: Debian's kubernetes-client when there is none.
command -v kubectl >/dev/null || export KF_EXTRA_PACKAGES="${KF_EXTRA_PACKAGES:-} kubernetes-client"
KF_WERROR=ON scripts/setup.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${JOBS:-$(nproc)}" ${CTEST_ARGS:-}
