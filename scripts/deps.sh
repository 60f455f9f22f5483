#!/usr/bin/env bash
# Installs every Debian package that Stride's build, app and tests need.
# Idempotent: asks dpkg first and only calls apt when something is missing,
# so a second run takes well under a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ccache
  libimgui-dev libglfw3-dev libepoxy-dev libegl-dev libgl-dev
  libgl1-mesa-dri libegl-mesa0 libglx-mesa0 xvfb xauth
  libstb-dev libfreetype-dev fonts-dejavu-core
  libsqlite3-dev sqlite3 zlib1g-dev libzip-dev libzstd-dev
  xtensor-dev libxtensor-blas-dev libxsimd-dev libopenblas-dev libxsmm-dev
  doctest-dev libcli11-dev nlohmann-json3-dev
  dataset-fashion-mnist
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo -E); fi
export DEBIAN_FRONTEND=noninteractive
# Lock::Timeout makes apt wait for another apt (unattended upgrades, a second
# shell) instead of failing at once.
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
