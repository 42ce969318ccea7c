#!/usr/bin/env bash
# The Debian packages whose real photographs the benchmarks and calibration sets use (bench/photos/corpus.ts).
# Not needed by the tests. Run as root: bash infra/bench-packages.sh
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3-skimage python3-sklearn darknet python3-matplotlib \
  mate-backgrounds lomiri-wallpapers-16.04 plasma-workspace-wallpapers dataset-fashion-mnist libheif-examples >/dev/null
