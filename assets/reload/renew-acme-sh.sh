#!/bin/sh
# Written by mailsetup. Daily from its timer: acme.sh renews the certificate
# when it is due (its DNS variables are in its own root-only config) and runs
# the reload hook registered with it. Only the pinned acme.sh release runs:
# a changed acme.sh or plugin stops here.
set -eu
{{guard}}
cd {{home}}
exec ./acme.sh --cron --home {{home}}
