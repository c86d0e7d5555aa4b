#!/bin/sh
# Written by mailsetup (`mailsetup watch on`). Run daily by
# mailsetup-watch.timer: checks the mail server and tells its owner, by mail
# (through chasquid, DKIM-signed) or by a webhook, only when the result
# changed since the last run. Needs nothing but what Debian and Ubuntu ship
# (sh, coreutils, awk, bash for its /dev/udp, curl, openssl, ss) and chasquid.
# What to check and whom to tell: /etc/mailsetup/watch.conf, written by
# mailsetup with every value quoted; it is read by `. "$conf"` below.
set -u
umask 077
conf=/etc/mailsetup/watch.conf
here=$(dirname -- "$0")
state=/var/lib/mailsetup-watch
mkdir -p "$state/pending"
run=$(mktemp -d)
trap 'rm -rf -- "$run"' EXIT
now=$(date -u '+%Y-%m-%d %H:%M UTC')

# Defaults; the config overrides them.
domain= hostname= mail_from= mail_to= webhook_url= weekly=0
queue_max=20 queue_age_hours=6 disk_warn_percent=90 memory_warn_percent=10
queue_dir=/var/lib/chasquid/queue renewal_timer=mailsetup-certificate.timer
records() { :; }
. "$conf"            # settings, and `records`: the DNS and blocklist checks
ns=$(awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)

# One result a line, tab-separated: id, status, area, title, details, fix.
result() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(printf '%s' "$5" | tr '\t\n' '  ')" "$6" >> "$run/results"
}

# dns TYPE NAME: the answers through the server's own resolver, one a line;
# exit 2 when the resolver did not answer.
dns() {
  case $1 in A) t=1 ;; PTR) t=12 ;; MX) t=15 ;; TXT) t=16 ;; AAAA) t=28 ;; esac
  id=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
  # Header (recursion desired, one question, one additional), the name as
  # labels, type, class IN, then an EDNS0 record offering 4096-byte replies.
  q=$(printf '\\%03o\\%03o' $((id / 256)) $((id % 256)))'\001\000\000\001\000\000\000\000\000\001'
  for label in $(echo "$2" | tr . ' '); do q="$q$(printf '\\%03o' ${#label})$label"; done
  q="$q\\000\\000$(printf '\\%03o' "$t")\\000\\001\\000\\000\\051\\020\\000\\000\\000\\000\\000\\000\\000"
  # From a file, so that cat sends the query in one write: one datagram.
  printf "$q" > "$run/query"
  for attempt in 1 2; do
    timeout 3 bash -c 'exec 3<>"/dev/udp/$1/53" && cat "$2" >&3 && dd bs=4096 count=1 <&3 2>/dev/null' dns "$ns" "$run/query" \
      | od -An -v -tu1 > "$run/reply"
    [ -s "$run/reply" ] && break
  done
  awk -v want="$t" -f "$here/watch-dns.awk" "$run/reply"
}

# expect TYPE NAME VALUE: VALUE is among NAME's TYPE records, as mailsetup published it.
expect() {
  id="dns.published.$(echo "$1" | tr 'A-Z' 'a-z').$2" title="$1 $2"
  if ! seen=$(dns "$1" "$2"); then
    result "$id" fail DNS "$title" "could not check: $ns did not answer for $2" "Check the server's resolver ($ns)."
  elif printf '%s\n' "$seen" | grep -qxF -- "$3"; then
    result "$id" ok DNS "$title" "as published" ""
  else
    result "$id" fail DNS "$title" "DNS has: $(printf '%s' "${seen:-nothing}" | tr '\n' '|' | cut -c1-300); mailsetup published: $(printf '%s' "$3" | cut -c1-300)" \
      "Publish it again: run mailsetup (it publishes the records it made), or restore it at your DNS provider."
  fi
}

# unlisted ZONE QUERY ENTRY: ENTRY (an address or the domain) is not on the blocklist ZONE.
unlisted() {
  id="blocklist.$1.$3" title="$3 not listed on $1"
  if ! seen=$(dns A "$2"); then
    result "$id" warn Blocklists "$title" "could not ask $1" "Run the check again later."
  elif [ -z "$seen" ]; then
    result "$id" ok Blocklists "$title" "not listed" ""
  elif ! printf '%s\n' "$seen" | grep -qv '^127\.255\.255\.'; then
    result "$id" warn Blocklists "$title" "$1 refused the query (answer $(echo $seen)): public resolvers are not served" \
      "Give the server its own (non-public) recursive resolver to get a real answer from $1."
  else
    result "$id" fail Blocklists "$title" "listed ($(echo $seen))" \
      "Look $3 up on the list's removal page (for Spamhaus: check.spamhaus.org), fix the cause, and ask for delisting."
  fi
}

check_service() {
  was=$(systemctl is-active chasquid)
  if [ "$was" != active ]; then
    # One restart, and the result says so.
    systemctl reset-failed chasquid >/dev/null 2>&1
    systemctl restart chasquid >/dev/null 2>&1 && sleep 2
    if [ "$(systemctl is-active chasquid)" = active ]; then
      result service.active warn Service "chasquid is running" "chasquid was not running (systemd: $was) at $now; the watch restarted it once and it runs again" \
        "See why it stopped: mailsetup logs."
    else
      result service.active fail Service "chasquid is running" "chasquid was not running (systemd: $was) at $now and did not start after one restart: $(journalctl -u chasquid -n 1 --no-pager -o cat 2>/dev/null | cut -c1-200)" \
        "Read mailsetup logs, fix what it names, then: systemctl restart chasquid."
    fi
  else
    result service.active ok Service "chasquid is running" "active" ""
  fi
  missing=
  for port in 25 465 587; do
    ss -ltnH | awk -v p=":$port" '{ if (substr($4, length($4) - length(p) + 1) == p) found = 1 } END { exit !found }' || missing="$missing $port"
  done
  if [ -z "$missing" ]; then result service.listening ok Service "SMTP ports listening" "25, 465, 587" ""
  else result service.listening fail Service "SMTP ports listening" "nothing listens on$missing" "Restart chasquid: systemctl restart chasquid; mailsetup logs says why it does not listen."
  fi
}

check_certificate() {
  cert="/etc/chasquid/certs/$hostname/fullchain.pem"
  end=$(openssl x509 -enddate -noout -in "$cert" 2>/dev/null | cut -d= -f2)
  if [ -z "$end" ]; then
    result certificate.expiry fail TLS "Certificate valid for 14 days or more" "no readable certificate at $cert" "Run mailsetup cert renew."
    return
  fi
  days=$(( ($(date -d "$end" +%s) - $(date +%s)) / 86400 ))
  if [ "$days" -lt 0 ]; then status=fail; elif [ "$days" -lt 14 ]; then status=warn; else status=ok; fi
  fix=; [ "$status" = ok ] || fix="Renew it now: mailsetup cert renew (and see why the daily renewal did not: systemctl status $renewal_timer)."
  result certificate.expiry "$status" TLS "Certificate valid for 14 days or more" "$days days left (until $end)" "$fix"
  if systemctl is-enabled --quiet "$renewal_timer" 2>/dev/null || crontab -l 2>/dev/null | grep -q acme.sh; then
    result service.renewal ok Service "Certificate renewal scheduled" "$renewal_timer or acme.sh's cron line" ""
  else
    result service.renewal fail Service "Certificate renewal scheduled" "neither $renewal_timer nor an acme.sh cron line" "Run mailsetup again: its certificate step schedules the renewal."
  fi
}

check_queue() {
  count=$(find "$queue_dir" -maxdepth 1 -type f 2>/dev/null | wc -l)
  oldest=$(find "$queue_dir" -maxdepth 1 -type f -printf '%T@\n' 2>/dev/null | sort -n | head -n 1 | cut -d. -f1)
  hours=0; [ -n "$oldest" ] && hours=$(( ($(date +%s) - oldest) / 3600 ))
  if [ "$count" -gt "$queue_max" ]; then
    result queue.size warn Queue "Mail queue holds at most $queue_max messages" "$count messages wait in the queue" "See which destinations refuse them: mailsetup logs."
  else
    result queue.size ok Queue "Mail queue holds at most $queue_max messages" "$count waiting" ""
  fi
  if [ "$hours" -ge "$queue_age_hours" ]; then
    result queue.age warn Queue "No message waits $queue_age_hours hours or more" "the oldest waits for $hours hours" "See why it is not delivered: mailsetup logs."
  else
    result queue.age ok Queue "No message waits $queue_age_hours hours or more" "oldest: $hours hours" ""
  fi
}

check_resources() {
  used=$(df -P "$queue_dir" 2>/dev/null | awk 'NR == 2 { sub("%", "", $5); print $5 }')
  if [ "${used:-0}" -ge "$disk_warn_percent" ]; then
    result server.disk warn Server "Disk under $disk_warn_percent% full" "$used% used where chasquid keeps its queue" "Free space (apt-get clean, old logs) or grow the disk."
  else
    result server.disk ok Server "Disk under $disk_warn_percent% full" "$used% used" ""
  fi
  free=$(awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { print int(a * 100 / t) }' /proc/meminfo)
  if [ "$free" -lt "$memory_warn_percent" ]; then
    result server.memory warn Server "At least $memory_warn_percent% of memory available" "$free% available" "See what uses it: ps aux --sort=-rss | head."
  else
    result server.memory ok Server "At least $memory_warn_percent% of memory available" "$free% available" ""
  fi
}

# The result in the schema of `mailsetup --check --json` (docs/check-json.md).
to_json() {
  awk -F '\t' -v domain="$domain" -v hostname="$hostname" '
    function s(v) { gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v); gsub(/[\001-\037]/, " ", v); return "\"" v "\"" }
    { n[$2]++; line = "{\"id\":" s($1) ",\"area\":" s($3) ",\"title\":" s($4) ",\"status\":" s($2)
      if ($5 != "") line = line ",\"details\":" s($5)
      if ($6 != "") line = line ",\"fix\":" s($6)
      rows = rows (NR > 1 ? "," : "") line "}" }
    END { st = n["fail"] ? "fail" : n["warn"] ? "warn" : n["ok"] ? "ok" : "skip"
      printf "{\"version\":1,\"domain\":%s,\"hostname\":%s,\"status\":\"%s\",", s(domain), s(hostname), st
      printf "\"summary\":{\"ok\":%d,\"warn\":%d,\"fail\":%d,\"skip\":%d},\"results\":[%s]}\n", n["ok"], n["warn"], n["fail"], n["skip"], rows }' "$1"
}

# What changed since the last run, in words; empty when nothing did.
# A check that is new counts as having been ok before.
changes() {
  awk -F '\t' '
    function show(mark, r) { split(r, f, "\t"); out = out mark " " f[4] "\n" (f[5] != "" ? "    " f[5] "\n" : "") (f[6] != "" ? "    fix: " f[6] "\n" : "") }
    FILENAME == ARGV[1] { before[$1] = $2; next }
    { now[$1] = $2; row[$1] = $0
      if ($2 != "ok" && $2 != (($1 in before) ? before[$1] : "ok")) show("!", $0)
      else if ($2 == "ok" && ($1 in before) && before[$1] != "ok") { fixed = fixed "ok " $4 "\n" } }
    END { for (id in before) if (before[id] != "ok" && !(id in now)) fixed = fixed "ok " id " (no longer checked)\n"
      if (out != "") printf "New problems:\n%s", out
      if (fixed != "") printf "%sResolved:\n%s", (out != "" ? "\n" : ""), fixed }' "$1" "$2"
}

# send_mail SUBJECT BODY-FILE: through chasquid on this host, logged in as the
# watch's own sender so that chasquid signs it with DKIM. TLS on loopback is
# not checked: the certificate is checked above, and nothing leaves the host.
send_mail() {
  {
    printf 'From: mailsetup watch <%s>\nTo: %s\nSubject: %s\nDate: %s\n' "$mail_from" "$mail_to" "$1" "$(date -R)"
    printf 'Message-ID: <%s.%s@%s>\nMIME-Version: 1.0\n' "$(date +%s)" "$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')" "$hostname"
    printf 'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n'
    cat "$2"
  } | awk '{ printf "%s\r\n", $0 }' > "$run/mail"
  printf 'user = "%s:%s"\n' "$mail_from" "$(cat /etc/mailsetup/watch-sender.secret)" \
    | curl -sS --max-time 60 -K - --insecure --ssl-reqd --mail-from "$mail_from" --mail-rcpt "$mail_to" \
        --upload-file "$run/mail" "smtps://127.0.0.1:465"
}

post_webhook() {
  printf 'url = "%s"\n' "$webhook_url" \
    | curl -sS --fail --max-time 30 -K - -H 'Content-Type: application/json' --data-binary "@$1" -o /dev/null
}

check_service
check_certificate
check_queue
check_resources
records

sort -t "$(printf '\t')" -k1,1 "$run/results" > "$run/now"
to_json "$run/now" > "$run/json"
touch "$state/last"
changes "$state/last" "$run/now" > "$run/changes"
status=$(awk -F '\t' '{ n[$2]++ } END { print n["fail"] ? "fail" : n["warn"] ? "warn" : "ok" }' "$run/now")
counts=$(awk -F '\t' '{ n[$2]++ } END { printf "%d ok, %d warn, %d fail", n["ok"], n["warn"], n["fail"] }' "$run/now")
cp "$run/now" "$state/last"
cp "$run/json" "$state/last.json"

# A change becomes an alert kept in pending/ until it is delivered; each
# delivery carries every alert still kept, so none is lost.
if [ -s "$run/changes" ]; then
  { echo "$hostname, checked $now by mailsetup watch:"; echo; cat "$run/changes"; } > "$state/pending/$(date +%s).$$"
elif [ "$weekly" = 1 ] && [ "$status" = ok ] && [ -z "$(find "$state/last-sent" -mtime -7 2>/dev/null)" ]; then
  echo "$hostname, checked $now by mailsetup watch: all good, nothing changed." > "$state/pending/$(date +%s).$$"
fi
outcome="nothing to send"
if [ -n "$(ls "$state/pending")" ]; then
  # Newest first: its first line of news is the subject.
  ls -r "$state/pending" | sed "s|^|$state/pending/|" > "$run/kept"
  first=$(head -n 1 "$run/kept")
  news=$(grep -m1 -E '^(! |ok |.*all good)' "$first" | sed 's/^! /problem: /; s/^ok /resolved: /; s/.*all good.*/all good/')
  more=$(grep -cE '^(! |ok )' "$first"); [ "$more" -gt 1 ] && news="$news (and $((more - 1)) more)"
  {
    while read -r f; do
      [ "$f" = "$first" ] || printf '\n-- kept from a run whose alert could not be sent:\n'
      cat "$f"
    done < "$run/kept"
    printf '\nNow: %s. `mailsetup logs` shows the last runs.\n' "$counts"
  } > "$run/body"
  if [ -n "$webhook_url" ]; then post_webhook "$run/json"; else send_mail "[mailsetup watch] $hostname: $news" "$run/body"; fi
  if [ $? -eq 0 ]; then
    xargs rm -f < "$run/kept"; touch "$state/last-sent"; outcome="sent: $news"
  else
    outcome="could not send, kept for the next run: $news"
  fi
fi
echo "$now $status ($counts): $outcome" | tee -a "$state/history"
tail -n 100 "$state/history" > "$run/history" && cat "$run/history" > "$state/history"
case $outcome in could*) exit 1 ;; esac
exit 0
