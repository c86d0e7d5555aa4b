// Guide step 10 (docs/guide-steps.md): the addresses that may send through the server (SMTP AUTH
// on 465/587). The users file is written from hashes computed here (see
// userdb.ts), so no password travels to the server or into any argv.
import { checkSenders } from '../checks/senders.js';
import type { CheckResult } from '../checks/types.js';
import { chasquidOwner } from '../server/group.js';
import { domainDir, usersFile } from '../server/paths.js';
import { ensureDir } from '../server/probe.js';
import { alreadyDone, changed } from './report.js';
import { restartChasquid, restartLater } from '../server/service.js';
import type { Step, StepContext } from './types.js';
import { parseUsers, withoutUsers, withUsers } from '../server/userdb.js';

export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw new Error(`"${address}" is not an email address: write it as name@${'your-domain'}`);
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

/**
 * Senders grouped by domain: domain -> local part -> password, or null when
 * no password was given: an existing sender then keeps the one it has (a
 * rerun must not change passwords it does not know), a new one is refused.
 */
export function sendersByDomain(ctx: StepContext): Map<string, Record<string, string | null>> {
  const out = new Map<string, Record<string, string | null>>();
  for (const address of ctx.answers.senders) {
    const password = ctx.secrets.senderPasswords[address] || null;
    const { local, domain } = splitAddress(address);
    // A users file makes chasquid treat its domain as local: a sender at
    // gmail.com would stop mail to gmail.com (the forward target) leaving.
    if (domain !== ctx.answers.domain.toLowerCase()) {
      throw new Error(
        `the sender ${address} is not an address of ${ctx.answers.domain}, the mail domain of this run: remove it from the senders ` +
          `(a domain added with \`mailsetup domain add\` gets its senders with \`mailsetup senders add\`)`,
      );
    }
    out.set(domain, { ...(out.get(domain) ?? {}), [local]: password });
  }
  return out;
}

const noPassword = (address: string) =>
  new Error(
    `no password for the new sender ${address}: type one when asked, or give it in the answers file as secrets.senders, then run mailsetup again`,
  );

/** Write one domain's users file; true when it changed. */
async function ensureUsers(ctx: StepContext, domain: string, wanted: Record<string, string | null>): Promise<string[]> {
  const current = (await ctx.remote.readFile(usersFile(domain)))?.toString('utf8') ?? '';
  const present = new Set(parseUsers(current).map((b) => b.name));
  const given: Record<string, string> = {};
  for (const [local, password] of Object.entries(wanted)) {
    if (password !== null) given[local] = password;
    else if (!present.has(local)) throw noPassword(`${local}@${domain}`);
  }
  const next = withUsers(current, given);
  if (!next.changed.length) return [];
  // chasquid reads the users file at start (and only every 30 s after): the restart step puts it in force now.
  const [, , owner] = await Promise.all([ensureDir(ctx, domainDir(domain)), restartLater(ctx, 'the senders'), chasquidOwner(ctx)]);
  // chasquid runs as its own user and must read the hashes; nobody else may.
  await ctx.remote.writeFile(usersFile(domain), next.text, { mode: 0o640, owner });
  return next.changed.map((local) => `${local}@${domain}`);
}

/** For the wizard's "remove a sender": drops the user from its domain's users file. */
export async function removeSender(ctx: StepContext, address: string): Promise<boolean> {
  const { local, domain } = splitAddress(address);
  const current = (await ctx.remote.readFile(usersFile(domain)))?.toString('utf8');
  if (!current) return false;
  const next = withoutUsers(current, [local]);
  if (!next.removed.length) return false;
  await ctx.remote.writeFile(usersFile(domain), next.text);
  if (!ctx.dryRun) await restartChasquid(ctx, 'removing a sender');
  return true;
}

export async function listSenders(ctx: StepContext, domain: string): Promise<string[]> {
  const current = (await ctx.remote.readFile(usersFile(domain)))?.toString('utf8') ?? '';
  return parseUsers(current).map((b) => `${b.name}@${domain}`);
}

export const sendersStep: Step = {
  id: 'senders',
  title: 'Senders',
  why: 'Each sender logs in to the server with a password to send mail as their address.',
  reads: ['senders'],
  needs: ['chasquid'],
  enabled: (ctx) => ctx.answers.senders.length > 0,
  tasks: (ctx) => [
    {
      title: `Sender accounts: ${ctx.answers.senders.join(', ')}`,
      task: async (_, task) => {
        const updated: string[] = [];
        for (const [domain, wanted] of sendersByDomain(ctx)) updated.push(...(await ensureUsers(ctx, domain, wanted)));
        if (!updated.length) return alreadyDone(task, 'every sender has this password');
        changed(task, `added or updated ${updated.join(', ')}`);
      },
    },
  ],
  verify: (ctx) => verifySenders(ctx),
};

export async function verifySenders(ctx: StepContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const [domain, wanted] of sendersByDomain(ctx)) {
    const senders = Object.entries(wanted).map(([local, password]) => ({ local, present: true as const, password: password ?? undefined }));
    out.push(...(await checkSenders(ctx.remote, domain, senders)));
  }
  return out;
}
