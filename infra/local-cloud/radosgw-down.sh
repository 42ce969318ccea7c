#!/usr/bin/env bash
# Stops exactly the processes radosgw-up.sh started (by pid) and removes the in-memory cluster's state.
set -uo pipefail
CLOUD_DIR=${CLOUD_DIR:-"$PWD/.viscura/cloud"}
[ -f "$CLOUD_DIR/pids" ] || { echo "cloud: nothing to stop" >&2; exit 0; }
tac "$CLOUD_DIR/pids" | while read -r pid; do
  kill "$pid" 2>/dev/null || true
done
for _ in $(seq 1 50); do
  alive=0
  while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$CLOUD_DIR/pids"
  [ $alive -eq 0 ] && break
  sleep 0.1
done
while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$CLOUD_DIR/pids"
rm -rf "$CLOUD_DIR"
echo "cloud: stopped" >&2
