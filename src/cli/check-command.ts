// `mailsetup --check [--json]`: the health report of any mail host, also one
// mailsetup did not set up (it needs only the domain, the host name and,
// for the server-side checks, SSH). Ink is imported only for the TTY report,
// so `--check --json` starts at bare-node speed.
import { join } from 'node:path';
import type { ConnectIo } from '../remote/connect.js';
import type { Remote } from '../remote/types.js';
import { defaultStateDir } from '../state/paths.js';
import type { Blocklist } from '../checks/context.js';
import { exitCode, formatText, toJson, useColor } from '../checks/report.js';
import { describeError, results } from '../checks/result.js';
import { FAMILIES, runChecks, type CheckTarget } from '../checks/run-all.js';
import type { CheckResult } from '../checks/types.js';

export interface CheckCommandOptions {
  domain?: string;
  hostname?: string;
  /** SSH target; without it the server-side checks are skipped with a reason. */
  host?: { user?: string; address: string; port?: number };
  identity?: string;
  /** mailsetup's state dir (its known_hosts lives there). */
  stateDir?: string;
  knownHostsFile?: string;
  pinnedFingerprint?: string;
  /** How to confirm a new host key or ask a passphrase; without it nothing is asked and an unknown host is refused. */
  io?: Partial<ConnectIo>;
  resolver?: string;
  caFile?: string;
  /** The CAA name of the CA the server's certificate comes from, when known (a host mailsetup set up). */
  caaIdentity?: string;
  /** The host was set up with MTA-STS / TLS-RPT (its records must then be there). */
  expectMtaSts?: boolean;
  expectTlsRpt?: boolean;
  expectDane?: boolean;
  backup?: { dir: string; includeDkimKey: boolean };
  json?: boolean;
  blocklists?: Blocklist[];
  outboundTarget?: string;
  timeoutMs?: number;
  /** An already open remote (the wizard's, the lab's); used instead of connecting. */
  remote?: Remote;
  /** Defaults: process.stdout / process.stderr. */
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  /** Force the plain-text report even on a terminal. */
  plain?: boolean;
  /** Fixed addresses, ports or connect host (tests on loopback, the lab). */
  targetOverrides?: Partial<Pick<CheckTarget, 'ips' | 'ports' | 'connectHost' | 'dkimSelector'>>;
}

const NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\.?$/i;

function usageProblem(opts: CheckCommandOptions): string | undefined {
  if (!opts.domain) return '--check needs --domain (the mail domain, e.g. example.com)';
  if (!NAME.test(opts.domain)) return `--domain ${opts.domain} is not a domain name`;
  if (!opts.hostname) return '--check needs --hostname (the SMTP host name, e.g. smtp.example.com)';
  if (!NAME.test(opts.hostname)) return `--hostname ${opts.hostname} is not a host name`;
  return undefined;
}

async function openRemote(opts: CheckCommandOptions): Promise<{ remote?: Remote; problem?: CheckResult }> {
  if (opts.remote) return { remote: opts.remote };
  if (!opts.host) return {};
  const { connect } = await import('../remote/connect.js');
  const ssh = `${opts.host.user ?? 'root'}@${opts.host.address}`;
  try {
    const remote = await connect({
      host: opts.host.address,
      port: opts.host.port,
      user: opts.host.user,
      identityFile: opts.identity,
      knownHostsFile: opts.knownHostsFile ?? join(opts.stateDir ?? defaultStateDir(), 'known_hosts'),
      pinnedFingerprint: opts.pinnedFingerprint,
      assumeYes: !opts.io?.confirmHostKey,
      io: opts.io,
      connectTimeoutMs: opts.timeoutMs,
    });
    return { remote };
  } catch (err) {
    return { problem: results('Service').fail('service.ssh', `SSH login to ${ssh}`, describeError(err),
      `Check the address, user and key (ssh ${ssh} must work), or run without --host for the outside checks only.`) };
  }
}

export async function runCheckCommand(opts: CheckCommandOptions): Promise<number> {
  const out = opts.stdout ?? process.stdout;
  const err = opts.stderr ?? process.stderr;
  const problem = usageProblem(opts);
  if (problem) {
    err.write(`mailsetup: ${problem}\n`);
    return 2;
  }
  const domain = opts.domain!.toLowerCase().replace(/\.$/, '');
  const hostname = opts.hostname!.toLowerCase().replace(/\.$/, '');
  const { remote, problem: sshProblem } = await openRemote(opts);
  const target: CheckTarget = {
    domain, hostname, remote, resolver: opts.resolver, caFile: opts.caFile,
    blocklists: opts.blocklists, outboundTarget: opts.outboundTarget, caaIdentity: opts.caaIdentity,
    expectMtaSts: opts.expectMtaSts, expectTlsRpt: opts.expectTlsRpt, expectDane: opts.expectDane, backup: opts.backup,
    noRemoteReason: sshProblem ? 'the SSH login failed (see Service)' : 'no SSH access (pass --host user@server to check the server itself)',
    ...opts.targetOverrides,
  };
  // NO_COLOR or a pipe gets the plain report (the same lines, no live redraw).
  const live = !opts.json && !opts.plain && useColor(out) && out.isTTY ? await openLiveReport(domain, hostname, out) : undefined;
  let found: CheckResult[];
  try {
    found = await runChecks(target, { timeoutMs: opts.timeoutMs, onFamily: live?.onFamily });
  } catch (e) {
    live?.finish([]);
    err.write(`mailsetup: the checks could not run: ${describeError(e)}\n`);
    return 2;
  } finally {
    if (remote && !opts.remote) await remote.close().catch(() => undefined);
  }
  const all = sshProblem ? [sshProblem, ...found] : found;
  if (opts.json) out.write(`${JSON.stringify(toJson(domain, hostname, all), null, 2)}\n`);
  else if (live) await live.finish(all);
  else out.write(formatText(domain, hostname, all, useColor(out)));
  return exitCode(all);
}

interface LiveReport {
  onFamily: (family: string, results: CheckResult[]) => void;
  finish: (results: CheckResult[]) => Promise<void> | void;
}

/** The Ink report, updated as each family finishes; loaded only here. */
async function openLiveReport(domain: string, hostname: string, out: NodeJS.WritableStream): Promise<LiveReport> {
  const [{ render }, React, { CheckReport }] = await Promise.all([
    import('ink'), import('react'), import('../ui/check-report.js'),
  ]);
  const pending = new Set(FAMILIES.map((f) => f.name));
  let shown: CheckResult[] = [];
  const view = (done: boolean) => React.createElement(CheckReport, { domain, hostname, results: shown, pending: [...pending], done });
  const app = render(view(false), { stdout: out as NodeJS.WriteStream, patchConsole: false });
  return {
    onFamily(family, found) {
      pending.delete(family);
      shown = [...shown, ...found];
      app.rerender(view(false));
    },
    async finish(all) {
      pending.clear();
      shown = all;
      app.rerender(view(true));
      app.unmount();
      await app.waitUntilExit();
    },
  };
}
