// The automatic proof that needs no outside mailbox: a message sent through
// submission (587, STARTTLS, AUTH) to a temporary pipe alias on the server
// comes back to us as the server stored it, and mailauth checks its DKIM
// signature (and SPF/DMARC as a receiver would) against DNS.
import { randomBytes } from 'node:crypto';
import { Resolver, promises as dns } from 'node:dns';
import { sh } from '../remote/quote.js';
import { aliasesFile } from '../server/paths.js';
import { removeAlias, setAlias } from '../server/aliases.js';
import { asset } from './assets.js';
import { loadMailauth } from './late-modules.js';
import { restartChasquid } from '../server/service.js';
import { explainSmtpError, testSender, transport, type TlsContext } from './submit.js';

const RECEIVER = '/usr/local/lib/mailsetup/proof-receive';
const PROOF_DIR = '/var/lib/chasquid/mailsetup-proof';

export interface ProofResult {
  dkim: string;
  dkimDomain?: string;
  spf?: string;
  dmarc?: string;
  tls: boolean;
  received: string;
}

function resolverFor(server?: string) {
  if (!server) return (name: string, rr: string) => dns.resolve(name, rr as 'TXT');
  const r = new Resolver({ timeout: 5000, tries: 2 });
  r.setServers([server]);
  return (name: string, rr: string) =>
    new Promise<unknown>((resolve, reject) => r.resolve(name, rr as 'TXT', (err, records) => (err ? reject(err) : resolve(records))));
}

/**
 * Waits on the server for the message carrying `token` (polling there every
 * 0.1 s), prints it and removes it: one command.
 */
async function waitForProof(ctx: TlsContext, token: string, timeoutS = 30): Promise<Buffer> {
  const script = 'until f=$(grep -l -F "$1" "$2"/*.eml 2>/dev/null | head -n1) && [ -n "$f" ]; do sleep 0.1; done; cat -- "$f" && rm -f -- "$f"';
  const found = await ctx.remote.exec(sh`timeout ${timeoutS} sh -c ${script} _ ${token} ${PROOF_DIR}`, {
    allowFailure: true,
    timeoutMs: (timeoutS + 10) * 1000,
  });
  if (found.code !== 0 || !found.stdout) {
    throw new Error(`the test message did not come back within ${timeoutS} s: look at \`journalctl -u chasquid\` on the server for the delivery error`);
  }
  return Buffer.from(found.stdout, 'utf8');
}

export interface ProofOptions {
  /** Hears that the 587 session (STARTTLS, AUTH, message accepted) succeeded: the login is proven. */
  onSent?: (detail: string) => void;
  /**
   * Other mail to send while chasquid runs with the proof alias (the user's
   * test mail): it goes out beside the proof's message instead of after the
   * proof, and chasquid is not restarted again before it is through.
   */
  alongside?: () => Promise<void>;
}

const PROOF_ALIAS = 'mailsetup-proof-';

/** The temporary alias a proof sends to, and whether the aliases file existed without it. */
interface ProofAlias {
  local: string;
  existed: boolean;
}

/** Aliases put in place before chasquid's restart of this run (prepareProof), for the proof to use. */
const prepared = new WeakMap<object, ProofAlias>();

/** Write the receiver and a temporary pipe alias to it; chasquid serves it after its next restart. */
async function addProofAlias(ctx: TlsContext): Promise<ProofAlias> {
  const local = `${PROOF_ALIAS}${randomBytes(4).toString('hex')}`;
  const file = aliasesFile(ctx.answers.domain);
  // The receiver (with its folder) and the aliases as they are, side by side.
  const [, existed] = await Promise.all([
    ctx.remote.writeFile(RECEIVER, asset('proof/proof-receive'), { mode: 0o755, makeParent: true }),
    ctx.remote.readFile(file),
  ]);
  await ctx.remote.writeFile(file, setAlias(existed?.toString('utf8') ?? '', local, `| ${RECEIVER}`), { backup: false });
  return { local, existed: existed !== null };
}

/**
 * The restart step calls this when the proof will follow: the proof's alias
 * goes in before chasquid's one restart of the run, so the proof needs no
 * restart of its own. A run cut off before the proof leaves the alias; the
 * next proof removes it.
 */
export async function prepareProof(ctx: TlsContext): Promise<void> {
  prepared.set(ctx, await addProofAlias(ctx));
}

/** The proof aliases in an aliases file (this run's and any left by a run cut off). */
export function proofAliases(content: string): string[] {
  return content.split('\n').flatMap((line) => {
    const m = /^\s*(mailsetup-proof-[0-9a-f]+)\s*:/.exec(line);
    return m ? [m[1]!] : [];
  });
}

export async function runProof(ctx: TlsContext, onStatus: (line: string) => void, options: ProofOptions = {}): Promise<ProofResult> {
  const mailauth = loadMailauth();
  const { user, pass } = testSender(ctx);
  const token = randomBytes(12).toString('hex');
  const file = aliasesFile(ctx.answers.domain);
  const ready = prepared.get(ctx);
  prepared.delete(ctx);
  const alias = ready ?? (await addProofAlias(ctx));
  const local = alias.local;
  onStatus(`temporary alias ${local}@${ctx.answers.domain}`);
  let side: Promise<void> | undefined;
  try {
    if (!ready) await restartChasquid(ctx, 'adding the temporary proof alias');
    side = options.alongside?.();
    // Its error is taken when it is awaited below; until then it must not count as unhandled.
    side?.catch(() => undefined);
    onStatus('sending through 587 (STARTTLS, AUTH)');
    const t = await transport(ctx, 587, user, pass);
    try {
      await t.sendMail({
        from: user,
        to: `${local}@${ctx.answers.domain}`,
        subject: `mailsetup proof ${token}`,
        text: `This message proves that ${ctx.answers.hostname} signs mail for ${ctx.answers.domain}.\n${token}\n`,
      });
    } catch (error) {
      throw new Error(explainSmtpError(error, 587));
    } finally {
      t.close();
    }
    options.onSent?.(`${user} logged in on 587 after STARTTLS and sent the proof`);
    onStatus('waiting for it to come back');
    const raw = await waitForProof(ctx, token);
    const ip = ctx.facts.ipv4?.[0] ?? ctx.answers.host.address;
    const { authenticate } = await mailauth;
    const result = await authenticate(raw, {
      ip,
      helo: ctx.answers.hostname,
      mta: ctx.answers.hostname,
      sender: user,
      resolver: resolverFor(ctx.resolver) as never,
    });
    const sig = result.dkim?.results?.find((x) => x.signingDomain === ctx.answers.domain) ?? result.dkim?.results?.[0];
    const received = /^Received:[^\n]*(?:\n[ \t][^\n]*)*/im.exec(raw.toString('utf8'))?.[0] ?? '';
    await side; // its failure is the run's failure too
    return {
      dkim: sig?.status?.result ?? 'none',
      dkimDomain: sig?.signingDomain,
      spf: result.spf ? result.spf.status?.result : undefined,
      dmarc: result.dmarc ? result.dmarc.status?.result : undefined,
      tls: /TLS|ESMTPS/i.test(received),
      received: received.replace(/\s+/g, ' '),
    };
  } finally {
    // The mail sent alongside must be through before chasquid restarts.
    await side?.catch(() => undefined);
    // Put the aliases file back as it was, even when the proof failed, and
    // drop any proof alias an earlier run cut off left. No restart: chasquid
    // reloads its aliases every 30 s, and until then an alias of random name
    // that only stores mail in a root-only folder is harmless.
    const now = (await ctx.remote.readFile(file))?.toString('utf8') ?? '';
    const rest = proofAliases(now).reduce((text, name) => removeAlias(text, name), now);
    if (alias.existed || rest.trim()) await ctx.remote.writeFile(file, rest, { backup: false });
    else await ctx.remote.exec(sh`rm -f ${file}`);
  }
}
