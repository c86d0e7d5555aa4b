// The --help text. Lists the answers-file keys from the schema so the two
// never disagree.
import { answersSchema } from '../state/schema.js';

export function helpText(): string {
  const keys = Object.entries(answersSchema)
    .map(([key, field]) => `    ${key.padEnd(26)} ${field.required ? '(required) ' : ''}${field.describe}`)
    .join('\n');
  return `mailsetup: turn a fresh Ubuntu/Debian VPS into your own outbound SMTP server
(chasquid, TLS certificate, DKIM, SPF, DMARC, reverse DNS), and prove it works.

Usage:
  mailsetup                          guided run; resumes when state exists for the host
  mailsetup --check [--json]         verify only, change nothing
                                     exit 0 all good, 1 a failure, 2 could not run
  mailsetup --answers FILE [--yes]   unattended run from a YAML answers file
  mailsetup --dry-run                print what would run on the server, per step
  mailsetup --lab [--yes|--check]    the same against the local sandbox VPS
  mailsetup lab up|down|status|ssh|reset
                                     the local sandbox VPS (Linux, root)

Day two (a server mailsetup set up: --host user@addr is enough, or --lab):
  mailsetup logs [--follow] [--since 1h] [--lines N]
                                     status (service, ports, certificate, queue, watch) and
                                     chasquid's log, trouble explained; Ctrl+C stops
  mailsetup senders list|add|remove|passwd ADDRESS [--generate]
                                     password asked hidden, made up (--generate) or
                                     from MAILSETUP_SENDER_PASSWORD; only its hash is sent
  mailsetup forward list|to MAILBOX|add USER TARGET|remove USER [--domain D]
  mailsetup cert renew               renew the certificate now; shows the next renewal
  mailsetup dkim rotate [--selector NAME] [--domain D]
                                     new key, published and visible before the old one goes
  mailsetup domain add DOMAIN | domain list
                                     another mail domain on the same server
  mailsetup hostname set NAME        a new host (reverse-DNS) name: chasquid, certificate,
                                     A/AAAA, MX, PTR, SPF and MTA-STS follow;
                                     old A records stay
  mailsetup watch on|off|status|now [--at HH:MM] [--to MAILBOX] [--webhook URL] [--weekly]
                                     a daily check on the server that mails you (or POSTs
                                     its JSON to URL) only when something changes
  Each change shows what it will do and asks first (--yes to skip), then checks.
  The same changes, and status and logs, are in the wizard: run mailsetup again
  and pick "Change the server" or "Status and logs" on the resume screen.

Options:
  --host user@addr[:port]   the server (an ~/.ssh/config alias works)
  --identity FILE, -i       SSH private key
  --state-dir DIR           where state and logs live (default $XDG_STATE_HOME/mailsetup)
  --resolver IP[:port]      DNS server for checks (default: the domain's own nameservers)
  --domain NAME             mail domain (for --check on a host mailsetup did not set up)
  --hostname NAME           server name (default smtp.<domain>)
  --ca-file FILE            extra CA to trust for TLS checks (a private ACME server)
  --yes, -y                 accept defaults without asking (host key must be pinned)
  --json                    machine-readable --check output (docs/check-json.md)
  --help, -h                this text
  --version, -v             the version

Secrets never go in the state file. Give them at the prompt, in the answers
file's secrets: section, or as MAILSETUP_SSH_PASSWORD, MAILSETUP_SUDO_PASSWORD,
MAILSETUP_TSIG_SECRET, MAILSETUP_DNS_<VARIABLE>.

MAILSETUP_APT_LOCK_WAIT=<seconds> (default 600): how long a package install
waits for another package manager (unattended-upgrades) to free dpkg's lock.

Answers-file keys (YAML, nested by the dots):
${keys}
`;
}
