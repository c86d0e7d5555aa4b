// `mailsetup --check` and the steps' verify meet here: every family runs
// concurrently, each under its own deadline, so the whole report takes about
// as long as its slowest probe.
import { authoritativeResolver, createResolver, type DnsResolver } from '../dns/resolve.js';
import type { Remote } from '../remote/types.js';
import { readUnitStates } from '../server/unit-states.js';
import { checkBlocklists } from './blocklist.js';
import { checkCaa } from './caa.js';
import { DEFAULT_BLOCKLISTS, STANDARD_PORTS, type Blocklist, type CheckContext, type ServerIps, type SmtpPorts } from './context.js';
import { checkDkim } from './dkim.js';
import { checkDnssec } from './dnssec.js';
import { checkDmarc } from './dmarc.js';
import { routeResolver } from './dns-route.js';
import { askOnce } from './dns-once.js';
import { checkHostnameDns } from './hostname-dns.js';
import { checkMtaSts } from './mta-sts.js';
import { checkMx } from './mx.js';
import { checkOutbound, DEFAULT_OUTBOUND_TARGET } from './outbound.js';
import { checkPorts } from './ports.js';
import { checkRdns } from './rdns.js';
import { checkRenewalWorks, RENEWAL_UNITS } from './renewal.js';
import { checkBackupFresh } from './backup.js';
import { checkOpenRelay } from './relay.js';
import { describeError, results } from './result.js';
import { serverIpsFromDns, serverIpsFromRemote } from './server-ips.js';
import { checkService, SERVICE_UNITS } from './service.js';
import { checkSmtpName } from './smtp-name.js';
import { checkSpamFilter, checkSpamFilterHook, SPAM_FILTER_UNITS } from './spam-filter.js';
import { checkSpf, loadEvaluator } from './spf.js';
import { checkHeloSpf } from './spf-helo.js';
import { withTimeout } from './timeout.js';
import { checkTls } from './tls.js';
import type { CheckResult } from './types.js';

export interface CheckTarget {
  domain: string;
  hostname: string;
  /** Server-side checks skip with a reason when there is no SSH. */
  remote?: Remote;
  /** Why there is no remote (shown on the skipped checks). */
  noRemoteReason?: string;
  /** `IP[:port]` of a DNS server that answers every question; default: the domain's authoritative servers. */
  resolver?: string;
  /** PEM file of extra trusted CAs (the lab's ACME CA). */
  caFile?: string;
  blocklists?: Blocklist[];
  /** `host[:port]` the server must reach on outbound SMTP. */
  outboundTarget?: string;
  /** Skip discovery and use these addresses. */
  ips?: { v4: string[]; v6: string[] };
  /** Non-standard listener ports (tests). */
  ports?: Partial<SmtpPorts>;
  /** Connect here instead of the server's addresses (tests on loopback). */
  connectHost?: string;
  /** DKIM selector to check when the server cannot be read. */
  dkimSelector?: string;
  /** The CAA name of the CA in use (see dns/caa.ts). */
  caaIdentity?: string;
  /** The host publishes MTA-STS / TLS-RPT (a host mailsetup set up with them). */
  expectMtaSts?: boolean;
  expectTlsRpt?: boolean;
  expectDane?: boolean;
  /** The local backup repository of a host mailsetup set up. */
  backup?: { dir: string; includeDkimKey: boolean };
}

export interface RunOptions {
  /** Deadline of one probe (a connect, a DNS question, a remote command). Default 8 s. */
  timeoutMs?: number;
  /** Run only these families (names as in FAMILIES). */
  only?: string[];
  /** Called as each family finishes (live report). */
  onFamily?: (family: string, results: CheckResult[], ms: number) => void;
}


/**
 * `units`: the systemd units whose state the family reads (one `systemctl
 * show` for the whole run). `startsFirst`: the family holds --check's
 * slowest probe, so it starts before the other families (only the
 * addresses' read goes ahead of it): the server starts a run's
 * commands in the order they were sent, and on a small server each waits
 * its turn for a process.
 */
type Family = {
  name: string; area: string; needsIps: boolean; units?: readonly string[]; startsFirst?: true;
  run: (ctx: CheckContext) => Promise<CheckResult[]>;
};

export const FAMILIES: Family[] = [
  { name: 'hostname-dns', area: 'DNS', needsIps: true, run: checkHostnameDns },
  { name: 'mx', area: 'DNS', needsIps: false, run: checkMx },
  { name: 'caa', area: 'DNS', needsIps: false, run: checkCaa },
  { name: 'mta-sts', area: 'MTA-STS', needsIps: false, run: checkMtaSts },
  { name: 'dnssec', area: 'DNSSEC', needsIps: true, run: checkDnssec },
  { name: 'rdns', area: 'Reverse DNS', needsIps: true, run: checkRdns },
  { name: 'spf', area: 'SPF', needsIps: true, run: checkSpf },
  { name: 'spf-helo', area: 'SPF', needsIps: true, run: checkHeloSpf },
  { name: 'dkim', area: 'DKIM', needsIps: false, run: checkDkim },
  { name: 'dmarc', area: 'DMARC', needsIps: false, run: checkDmarc },
  { name: 'tls', area: 'TLS', needsIps: true, run: checkTls },
  { name: 'ports', area: 'Ports', needsIps: true, run: checkPorts },
  { name: 'service', area: 'Service', needsIps: false, units: SERVICE_UNITS, run: checkService },
  { name: 'outbound', area: 'Service', needsIps: false, run: checkOutbound },
  { name: 'renewal', area: 'Renewal', needsIps: false, units: RENEWAL_UNITS, run: checkRenewalWorks },
  { name: 'backup', area: 'Backup', needsIps: false, run: checkBackupFresh },
  { name: 'spam-filter', area: 'Receiving', needsIps: false, units: SPAM_FILTER_UNITS, startsFirst: true, run: checkSpamFilter },
  { name: 'spam-filter-hook', area: 'Receiving', needsIps: false, run: checkSpamFilterHook },
  { name: 'relay', area: 'SMTP', needsIps: true, run: checkOpenRelay },
  { name: 'smtp-name', area: 'SMTP', needsIps: true, run: checkSmtpName },
  { name: 'blocklist', area: 'Blocklists', needsIps: true, run: checkBlocklists },
];

// A family chains a few probes (SPF walks includes, TLS connects twice), so
// its own deadline is a few probe deadlines; one stuck family never holds the rest.
const FAMILY_BUDGET = 3;

export async function makeResolver(domain: string, server: string | undefined, timeoutMs: number): Promise<DnsResolver> {
  const dnsTimeout = Math.max(500, Math.floor(timeoutMs / 3));
  if (server) return createResolver({ server, timeoutMs: dnsTimeout, tries: 2 });
  const recursive = createResolver({ timeoutMs: dnsTimeout, tries: 2 });
  const own = await withTimeout(authoritativeResolver(domain, { timeoutMs: dnsTimeout, tries: 2 }), timeoutMs,
    `finding the nameservers of ${domain}`).catch(() => recursive);
  return routeResolver(domain, own, recursive);
}

async function discoverIps(target: CheckTarget, dns: DnsResolver, timeoutMs: number): Promise<ServerIps> {
  if (target.ips) return { ...target.ips, source: 'given' };
  if (target.remote) {
    const fromServer = await serverIpsFromRemote(target.remote, timeoutMs).catch(() => undefined);
    if (fromServer) return fromServer;
  }
  return serverIpsFromDns(target.hostname, dns);
}

export async function runChecks(target: CheckTarget, options: RunOptions = {}): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? 8000;
  if (!options.only || options.only.some((f) => f.startsWith('spf'))) void loadEvaluator().catch(() => undefined);
  // Each question once for the whole run (dns-once.ts).
  const dns = askOnce(await makeResolver(target.domain, target.resolver, timeoutMs));
  const base: Omit<CheckContext, 'ips'> = {
    domain: target.domain.toLowerCase().replace(/\.$/, ''),
    hostname: target.hostname.toLowerCase().replace(/\.$/, ''),
    dns,
    remote: target.remote,
    noRemoteReason: target.remote ? undefined : (target.noRemoteReason ?? 'no SSH access to the server (pass --host)'),
    timeoutMs,
    caFile: target.caFile,
    ports: { ...STANDARD_PORTS, ...target.ports },
    connectHost: target.connectHost,
    blocklists: target.blocklists ?? DEFAULT_BLOCKLISTS,
    outboundTarget: target.outboundTarget ?? DEFAULT_OUTBOUND_TARGET,
    dkimSelector: target.dkimSelector,
    caaIdentity: target.caaIdentity,
    expectMtaSts: target.expectMtaSts,
    expectTlsRpt: target.expectTlsRpt,
    expectDane: target.expectDane,
    backup: target.backup,
  };
  const families = FAMILIES.filter((f) => !options.only || options.only.includes(f.name));
  // Both read once, by the first that asks; families that do not need the
  // addresses run beside the discovery.
  const ips = once(() => discoverIps(target, dns, timeoutMs));
  const units = [...new Set(families.flatMap((f) => f.units ?? []))];
  const remote = target.remote;
  const unitStates = remote && units.length > 0 ? once(() => readUnitStates(remote, units, timeoutMs)) : undefined;
  const run = async (family: Family) => {
    const started = Date.now();
    const out = await withTimeout((async () => family.run({ ...base, unitStates, ips: family.needsIps ? await ips() : { v4: [], v6: [], source: 'unused' } }))(),
      timeoutMs * FAMILY_BUDGET, `${family.name} checks`)
      .catch((err: unknown) => [results(family.area).fail(`${family.name}.error`, `${family.name} checks`, describeError(err),
        'Check your network and the server, then run mailsetup --check again.')]);
    options.onFamily?.(family.name, out, Date.now() - started);
    return out;
  };
  // The addresses' read goes first, a job ahead of the slowest probe: ten
  // families wait for it, and their connects and DNS questions then run on
  // this computer beside the server's work instead of after it. On the lab
  // the address families ended about 40 ms sooner, the slowest probe at most a fork later.
  if (families.some((f) => f.needsIps)) void ips().catch(() => undefined);
  const first = new Map(families.filter((f) => f.startsFirst).map((f) => [f, run(f)]));
  // The report keeps the families' order, whichever started first.
  const runs = families.map((f) => first.get(f) ?? run(f));
  return (await Promise.all(runs)).flat();
}

/** `make`'s promise, made on the first call and shared by every later one. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
