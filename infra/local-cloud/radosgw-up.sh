#!/usr/bin/env bash
# A real S3 server on 127.0.0.1: a one-node Ceph cluster (monitor + memstore OSD) and radosgw (beast).
# Installs the Debian packages when missing. State, logs and pids live under $CLOUD_DIR; every process it starts
# is recorded in $CLOUD_DIR/pids so radosgw-down.sh stops exactly those.
set -euo pipefail

CLOUD_DIR=${CLOUD_DIR:-"$PWD/.viscura/cloud"}
S3_PORT=${VISCURA_S3_PORT:-7480}
MON_PORT=${VISCURA_MON_PORT:-3300}
ACCESS_KEY=${VISCURA_S3_ACCESS_KEY:-viscura}
SECRET_KEY=${VISCURA_S3_SECRET_KEY:-viscura-secret}

log() { printf 'cloud: %s\n' "$*" >&2; }

need=()
if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null; then
  need+=(ceph-mon ceph-osd radosgw ceph-common)
fi
# curl asks radosgw whether it answers; without it every wait below would time out as "did not answer".
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "the local cloud needs these Debian packages: ${need[*]}"
    log "install them with: sudo apt-get install --no-install-recommends ${need[*]}"
    exit 1
  fi
  log "installing ${need[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ -f "$CLOUD_DIR/pids" ] && curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then
  log "already running on 127.0.0.1:$S3_PORT"
  exit 0
fi

rm -rf "$CLOUD_DIR"
mkdir -p "$CLOUD_DIR"/{mon,osd,rgw,run,log}
FSID=$(cat /proc/sys/kernel/random/uuid)
CONF="$CLOUD_DIR/ceph.conf"
cat > "$CONF" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# Without crc mode radosgw waits 300 s for the monitor (a known trap on this kind of machine).
ms mon client mode = crc
ms bind msgr1 = false
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon allow pool delete = true
osd objectstore = memstore
memstore device bytes = 2147483648
osd crush chooseleaf type = 0
run dir = $CLOUD_DIR/run
log file = $CLOUD_DIR/log/\$name.log
admin socket = $CLOUD_DIR/run/\$name.asok
keyring = /dev/null
mon data avail warn = 1
mon data avail crit = 0

[mon.a]
mon data = $CLOUD_DIR/mon

[osd.0]
osd data = $CLOUD_DIR/osd

[client.rgw.local]
rgw frontends = beast endpoint=127.0.0.1:$S3_PORT tcp_nodelay=1
rgw data = $CLOUD_DIR/rgw
rgw enable apis = s3, admin, notifications, sts
rgw dns name = 127.0.0.1
CONF

ceph() { command ceph -c "$CONF" "$@"; }

log "starting monitor"
monmaptool --create --clobber --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$CLOUD_DIR/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$CLOUD_DIR/monmap" >/dev/null
ceph-mon -c "$CONF" -i a --pid-file "$CLOUD_DIR/run/mon.pid"
for _ in $(seq 1 50); do [ -s "$CLOUD_DIR/run/mon.pid" ] && break; sleep 0.1; done
echo "$(cat "$CLOUD_DIR/run/mon.pid")" >> "$CLOUD_DIR/pids"
ceph -s --connect-timeout 20 >/dev/null

log "starting memstore OSD"
OSD_ID=$(ceph osd create)
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs >/dev/null 2>&1
ceph osd crush add "osd.$OSD_ID" 1.0 host=localhost root=default >/dev/null 2>&1 || true
ceph-osd -c "$CONF" -i "$OSD_ID" --pid-file "$CLOUD_DIR/run/osd.pid" 2>>"$CLOUD_DIR/log/osd-start.log"
for _ in $(seq 1 50); do [ -s "$CLOUD_DIR/run/osd.pid" ] && break; sleep 0.1; done
echo "$(cat "$CLOUD_DIR/run/osd.pid")" >> "$CLOUD_DIR/pids"

log "starting radosgw on 127.0.0.1:$S3_PORT"
radosgw -c "$CONF" -n client.rgw.local --pid-file "$CLOUD_DIR/run/rgw.pid"
for _ in $(seq 1 600); do
  if curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then break; fi
  sleep 0.1
done
echo "$(cat "$CLOUD_DIR/run/rgw.pid")" >> "$CLOUD_DIR/pids"
curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" || { log "radosgw did not answer; see $CLOUD_DIR/log"; exit 1; }

radosgw-admin -c "$CONF" -n client.rgw.local user create --uid=viscura --display-name=viscura \
  --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null 2>>"$CLOUD_DIR/log/radosgw-admin.log"
log "S3 ready at http://127.0.0.1:$S3_PORT (access key $ACCESS_KEY)"
