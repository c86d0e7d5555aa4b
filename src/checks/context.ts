// What every check family gets: the names to check, the server's addresses,
// who answers DNS questions, and (when there is SSH) the server itself.
// Each family takes only the fields it reads (Pick<CheckContext, ...>), so a
// step's verify can call one family without building the whole context.
import type { DnsResolver } from '../dns/resolve.js';
import type { Remote } from '../remote/types.js';
import type { UnitStates } from '../server/unit-states.js';

export interface ServerIps {
  v4: string[];
  v6: string[];
  /** Where the addresses came from, for the report ("the server's interfaces", "DNS of smtp.example.com"). */
  source: string;
}

/** The three SMTP listeners; tests move them to free ports on loopback. */
export interface SmtpPorts {
  smtp: number; // 25, STARTTLS, server to server
  submissions: number; // 465, implicit TLS
  submission: number; // 587, STARTTLS
}

export const STANDARD_PORTS: SmtpPorts = { smtp: 25, submissions: 465, submission: 587 };

export interface Blocklist {
  zone: string;
  /** `ip`: reversed-address queries (zen); `domain`: the domain itself is queried (dbl). */
  kind: 'ip' | 'domain';
}

export const DEFAULT_BLOCKLISTS: Blocklist[] = [
  { zone: 'zen.spamhaus.org', kind: 'ip' },
  { zone: 'dbl.spamhaus.org', kind: 'domain' },
];

export interface CheckContext {
  domain: string;
  hostname: string;
  ips: ServerIps;
  /**
   * Who answers DNS questions: names in the domain go to its authoritative
   * servers, everything else (PTR, other domains' SPF includes, blocklists)
   * to a recursive resolver; --resolver answers all (see dns-route.ts).
   */
  dns: DnsResolver;
  remote?: Remote;
  /**
   * What systemd says of every unit the run's families name, read once for
   * them all by the first family that calls (server/unit-states.ts); a
   * family called on its own reads its own.
   */
  unitStates?: () => Promise<UnitStates>;
  /** Why server-side checks are skipped when `remote` is absent. */
  noRemoteReason?: string;
  /** Per-probe deadline in ms. */
  timeoutMs: number;
  /** Extra CA certificates (PEM file) trusted beside the system's, e.g. the lab's ACME CA. */
  caFile?: string;
  ports: SmtpPorts;
  /** Host to connect to instead of the server IPs (tests on loopback). */
  connectHost?: string;
  blocklists: Blocklist[];
  /** `host[:port]` the server must reach on outbound SMTP. */
  outboundTarget: string;
  /** Selector to look up when the server cannot be read (no SSH). */
  dkimSelector?: string;
  /** The CAA name of the CA that issues the certificate (letsencrypt.org); unknown: CAA is reported, not judged. */
  caaIdentity?: string;
  /** The host was set up to publish MTA-STS / TLS-RPT: a missing record fails instead of being reported as not used. */
  expectMtaSts?: boolean;
  expectTlsRpt?: boolean;
  /** The host was set up with DANE (tls.dane): a missing TLSA record fails. */
  expectDane?: boolean;
  /** The local backup of a host mailsetup set up (its git repository on this computer). */
  backup?: { dir: string; includeDkimKey: boolean };
}
