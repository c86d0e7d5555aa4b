#!/bin/sh
# Written by mailsetup. Daily from its timer: acme.sh renews the certificate
# when it is due (its DNS variables are in its own root-only config) and runs
# the reload hook registered with it. Only the pinned acme.sh release runs:
# a changed acme.sh or plugin stops here.
set -eu
cd {{home}}
printf '%s' {{checksums}} | sha256sum --check --status --strict - || {
  echo "acme.sh here is not the release mailsetup installed (sha256 differs): not running it; run mailsetup again" >&2
  exit 1
}
exec ./acme.sh --cron --home {{home}}
