#!/usr/bin/env bash
# First step of `npm test`: the tests boot real VPSes, DNS, ACME and SMTP
# servers from Debian's packages (assets/lab/host-packages.txt). As root on
# Debian/Ubuntu, whatever is missing is installed; elsewhere nothing is done
# and the lab's own check says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then exit 0; fi
missing=()
while read -r pkg; do
  case "$pkg" in ''|'#'*) continue ;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < assets/lab/host-packages.txt
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing the lab's Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
