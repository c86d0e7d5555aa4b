// Senders as chasquid will see them: each one in its domain's users file
// with the password it should have (or gone, once removed), and the file
// readable by chasquid. The setup's Senders step and `mailsetup senders`
// both end with these checks.
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { usersFile } from '../server/paths.js';
import { parseUsers, passwordMatches } from '../server/userdb.js';
import { results } from './result.js';
import type { CheckResult } from './types.js';

const r = results('Senders');

/**
 * What a sender should be: present with this password, present with
 * whatever password it has (`password` undefined: a rerun keeps passwords it
 * does not know), or absent (removed).
 */
export type WantedSender = { local: string; present: true; password?: string } | { local: string; present: false };

export async function checkSenders(remote: Remote, domain: string, wanted: WantedSender[]): Promise<CheckResult[]> {
  // The file and chasquid's own reading of it, in one round trip.
  const [users, parsed] = await Promise.all([remote.readFile(usersFile(domain)), checkUsersFile(remote, domain)]);
  const blocks = parseUsers(users?.toString('utf8') ?? '');
  const out = wanted.map((want) => {
    const address = `${want.local}@${domain}`;
    const id = `senders.${address}`;
    const block = blocks.find((b) => b.name === want.local);
    if (!want.present) {
      return block ? r.fail(id, `${address} is gone`, 'still in the users file', `mailsetup senders remove ${address}`) : r.ok(id, `${address} is gone from the users file`);
    }
    if (!block?.scrypt) return r.fail(id, `sender ${address} exists`, 'not in the users file', `run mailsetup again, or add it with \`mailsetup senders add ${address}\``);
    if (want.password === undefined) return r.ok(id, `sender ${address} exists (its password is kept)`);
    return passwordMatches(block.scrypt, want.password)
      ? r.ok(id, `sender ${address} has this password`)
      : r.fail(id, `sender ${address} has this password`, 'another password is stored', `run mailsetup again, or set it with \`mailsetup senders passwd ${address}\``);
  });
  return [...out, parsed];
}

/** chasquid's own reading of the users file: a file it cannot parse locks every sender of the domain out. */
export async function checkUsersFile(remote: Remote, domain: string): Promise<CheckResult> {
  const res = await remote.exec(sh`chasquid-util check-userdb ${domain}`, { readOnly: true, allowFailure: true });
  const title = `chasquid reads the users file of ${domain}`;
  return res.code === 0
    ? r.ok(`senders.userdb.${domain}`, title)
    : r.fail(`senders.userdb.${domain}`, title, (res.stdout + res.stderr).trim(), `restore the newest ${usersFile(domain)}.mailsetup-*.bak (or move the file away) and run mailsetup again`);
}
