#!/bin/sh
# Written by mailsetup. Run after each certificate renewal: puts the new
# certificate and key where chasquid reads them and restarts chasquid,
# which loads certificates only at start. Copies only what changed.
# With MAILSETUP_PLACE_ONLY=1 (mailsetup's first placement) it restarts
# nothing: it notes the restart on the server first, and mailsetup's restart
# step starts chasquid once with every change of the run.
set -eu
src_cert={{certSource}}
src_key={{keySource}}
dir={{certDir}}
group={{group}}
pending={{restartNote}}
place_only=${MAILSETUP_PLACE_ONLY:-}
changed=
if [ -n "$place_only" ]; then
  # Nothing issued yet (a certificate put there by other means): nothing to place.
  [ -s "$src_cert" ] || exit 0
  if ! cmp -s "$src_cert" "$dir/fullchain.pem" || ! cmp -s "$src_key" "$dir/privkey.pem"; then
    mkdir -p "$(dirname "$pending")" && echo 'the certificate' >> "$pending"
  fi
fi
mkdir -p "$dir"
if ! cmp -s "$src_cert" "$dir/fullchain.pem"; then
  install -m 0644 -o root -g root "$src_cert" "$dir/fullchain.pem"
  changed=1
fi
if ! cmp -s "$src_key" "$dir/privkey.pem"; then
  install -m 0640 -o root -g "$group" "$src_key" "$dir/privkey.pem"
  changed=1
fi
if [ -n "$place_only" ]; then
  [ -z "$changed" ] || echo placed
elif [ -n "$changed" ] || ! systemctl is-active --quiet chasquid; then
  # chasquid refuses to start without a certificate, so a fresh install
  # has hit systemd's restart limit by now (its sockets too): clear it first.
  systemctl reset-failed 'chasquid*' 2>/dev/null || true
  systemctl restart chasquid
  echo updated
fi
