#!/usr/bin/env bash
# Installs what kubeflight needs from Debian's packages (only what is missing;
# quiet when everything is there) and builds it into build/.
#
#   scripts/setup.sh            install + build (RelWithDebInfo)
#   KF_SANITIZE=ON BUILD_DIR=build-asan scripts/setup.sh
#
# Warnings are errors unless KF_WERROR=OFF (for a compiler other than
# Debian 12's, which CI builds with): the README's two commands then share
# one configuration and build once.
#
# Exits non-zero when an install or the build fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config
  libsqlite3-dev libsqlitecpp-dev nlohmann-json3-dev libcurl4-openssl-dev
  libcli11-dev libspdlog-dev libgtest-dev libgmock-dev libyaml-cpp-dev
  libbenchmark-dev libcpp-httplib-dev libmimalloc-dev
  libssl-dev openssl zlib1g-dev libbrotli-dev
  ${KF_EXTRA_PACKAGES:-}
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing packages and not root; run as root or install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} \
  -DKF_WERROR=${KF_WERROR:-ON} -DKF_SANITIZE=${KF_SANITIZE:-OFF} \
  ${KF_BUILD_BENCH:+-DKF_BUILD_BENCH=$KF_BUILD_BENCH} >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" ${BUILD_TARGET:+--target $BUILD_TARGET}
