#!/bin/sh
# Written by mailsetup for one network change: unless mailsetup confirms
# within {{seconds}} s that it still reaches the server, put the previous
# network file back and undo the change (the idea of `netplan try`).
sleep {{seconds}}
[ -e {{confirmFile}} ] && exit 0
if [ -n {{backup}} ] && [ -e {{backup}} ]; then cp -p {{backup}} {{file}}; else rm -f {{file}}; fi
{{apply}}
