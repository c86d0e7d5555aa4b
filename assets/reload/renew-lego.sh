#!/bin/sh
# Written by mailsetup. Daily from cron: lego renews the certificate when it
# has less than 30 days left, then the reload hook hands it to chasquid.
# The DNS provider's credentials are in a root-only file next to this one.
# With DANE on, --reuse-key keeps the key the TLSA record pins.
set -eu
set -a
. {{envFile}}
set +a
exec lego {{legoArgs}} renew --days 30 --renew-hook {{reloadHook}}{{renewFlags}}
