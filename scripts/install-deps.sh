#!/usr/bin/env bash
# Installs the Debian packages Fermata needs to build, test and run its demo.
# Idempotent: packages already present are skipped, and apt is not touched at all
# when nothing is missing. Must run as root (it calls apt-get).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git python3
  clang-format clang-tidy clang-14 libfuzzer-14-dev
  libsqlite3-dev sqlite3 libssl-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  zlib1g-dev libzip-dev libzstd-dev libpugixml-dev libtomlplusplus-dev libxlsxwriter-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
  libxml2-utils python3-pandas python3-openpyxl
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  python3-stdnum hledger
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
