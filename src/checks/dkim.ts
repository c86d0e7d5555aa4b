// The DKIM record in DNS must hold the public half of the key the server
// signs with: a record from an older key (or another server) makes every
// signature fail, silently (guide step 6 in docs/guide-steps.md).
import { parseDkimTags } from '../dns/dkim.js';
import type { CheckContext } from './context.js';
import { publicFromRecord, readServerDkimKeys, sameKey, type ServerDkimKey } from './dkim-keys.js';
import { describeError, results } from './result.js';
import type { CheckResult } from './types.js';
import { couldNotCheck } from './unanswered.js';

const r = results('DKIM');

type Ctx = Pick<CheckContext, 'domain' | 'dns' | 'remote' | 'noRemoteReason' | 'dkimSelector'> & Partial<Pick<CheckContext, 'timeoutMs'>>;

export async function checkDkim(ctx: Ctx): Promise<CheckResult[]> {
  if (!ctx.remote) {
    if (ctx.dkimSelector) return [await recordOnly(ctx, ctx.dkimSelector)];
    return [r.skip('dkim.key', 'DKIM record matches the signing key', ctx.noRemoteReason ?? 'no SSH access to read the key')];
  }
  let keys: ServerDkimKey[];
  try {
    keys = await readServerDkimKeys(ctx.remote, ctx.domain, ctx.timeoutMs);
  } catch (err) {
    return [r.fail('dkim.key', 'DKIM signing key on the server', describeError(err),
      `Check that the DKIM key files under /etc/chasquid are readable by root.`)];
  }
  if (keys.length === 0) {
    return [r.fail('dkim.key', 'DKIM signing key on the server', `no DKIM key for ${ctx.domain} under /etc/chasquid`,
      `Run mailsetup's DKIM step, or on chasquid >= 1.14: chasquid-util dkim-keygen ${ctx.domain}`)];
  }
  return Promise.all(keys.map((key) => compare(ctx, key)));
}

interface Published { p?: string; k: string; error?: string }

async function published(ctx: Pick<CheckContext, 'dns'>, name: string): Promise<Published> {
  const txt = await ctx.dns.txt(name);
  const records = txt.filter((t) => /(^|;)\s*p\s*=/.test(t));
  if (records.length === 0) return { k: 'rsa', error: `${name} has no DKIM record` };
  if (records.length > 1) return { k: 'rsa', error: `${name} has ${records.length} DKIM records` };
  const tags = parseDkimTags(records[0]!);
  const p = tags.get('p')?.replace(/\s+/g, '');
  if (!p) return { k: 'rsa', error: `${name} has an empty p= (the key is revoked)` };
  return { p, k: (tags.get('k') ?? 'rsa').toLowerCase() };
}

async function compare(ctx: Ctx, key: ServerDkimKey): Promise<CheckResult> {
  const name = `${key.selector}._domainkey.${ctx.domain}`;
  const id = `dkim.key.${key.selector}`;
  const title = `DKIM record ${name} matches the server's key`;
  const fix = `Publish the record mailsetup shows for ${name} (from ${key.path}); remove any older value.`;
  let rec: Published;
  try {
    rec = await published(ctx, name);
  } catch (err) {
    return couldNotCheck(r, id, title, err, name, ctx.dns.via);
  }
  if (rec.error) return r.fail(id, title, rec.error, fix);
  let dnsKey;
  try {
    dnsKey = publicFromRecord(rec.p!, rec.k);
  } catch (err) {
    return r.fail(id, title, `the p= value is not a valid ${rec.k} public key: ${describeError(err)}`, fix);
  }
  if (!sameKey(dnsKey, key.publicKey)) {
    return r.fail(id, title, `the key in DNS is not the one in ${key.path} (${key.mode} signing): signatures will fail`, fix);
  }
  return r.ok(id, title, `${key.publicKey.asymmetricKeyType} key from ${key.path} (${key.mode} signing)`);
}

/** Without SSH only the record itself can be checked: it exists and holds a usable key. */
async function recordOnly(ctx: Ctx, selector: string): Promise<CheckResult> {
  const name = `${selector}._domainkey.${ctx.domain}`;
  const id = `dkim.key.${selector}`;
  const title = `DKIM record ${name} holds a public key`;
  let rec: Published;
  try {
    rec = await published(ctx, name);
  } catch (err) {
    return couldNotCheck(r, id, title, err, name, ctx.dns.via);
  }
  try {
    if (rec.error) return r.fail(id, title, rec.error, `Publish the DKIM record your server printed for ${name}.`);
    publicFromRecord(rec.p!, rec.k);
    return r.ok(id, title, `${rec.k} key published (not compared with the server's key: ${ctx.noRemoteReason ?? 'no SSH'})`);
  } catch (err) {
    return r.fail(id, title, describeError(err), `Publish the DKIM record your server printed for ${name}.`);
  }
}
