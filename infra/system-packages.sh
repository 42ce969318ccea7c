#!/usr/bin/env bash
# The Debian packages the test suite needs: a real S3 server (Ceph radosgw, and curl to see it answer) for the
# cloud tests, Chromium for the explorer's browser tests, heif-enc (libheif-examples) for the HEIC tests.
# Installs what is missing (as root, with apt-get); elsewhere says what to install.
set -euo pipefail

need=()
command -v chromium >/dev/null || need+=(chromium)
# infra/local-cloud/radosgw-up.sh polls radosgw with curl.
command -v curl >/dev/null || need+=(curl)
# heif-enc writes the HEIC files the media tests decode (no binary fixtures are committed).
command -v heif-enc >/dev/null || need+=(libheif-examples)
for tool in radosgw ceph-mon ceph-osd ceph; do
  command -v "$tool" >/dev/null || { need+=(ceph-mon ceph-osd radosgw ceph-common); break; }
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "The tests need these Debian packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${need[*]}" >&2
  exit 1
fi
echo "installing Debian packages for the tests: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
