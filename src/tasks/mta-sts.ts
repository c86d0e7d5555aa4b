// MTA-STS served by the server itself (docs/mta-sts.md says why): Debian's
// nginx answers https://mta-sts.<domain>/.well-known/mta-sts.txt with the
// policy buildRecords made, under the server's own certificate (it covers
// *.<domain>), and nothing else. The DNS step then publishes the
// `_mta-sts` record whose id is the policy's hash, and mta-sts.<domain>'s
// addresses. With `mtaSts.serve: elsewhere` this step does nothing: the
// records screen shows the file to upload.
import { openCommand, openPortsCommand, readFirewall } from '../checks/firewall.js';
import { checkMtaStsPolicy } from '../checks/mta-sts.js';
import type { CheckResult } from '../checks/types.js';
import { mtaStsHost, mtaStsPolicy } from '../dns/mta-sts.js';
import { sh } from '../remote/quote.js';
import { certDir, mtaStsRoot, mtaStsSite } from '../server/paths.js';
import { ensureDir, holds } from '../server/probe.js';
import { servesCertificate, untilServed } from '../server/served-cert.js';
import { unitMemoryMb } from '../server/unit-memory.js';
import { aptInstall } from './apt.js';
import { asset, fill } from './assets.js';
import { checkContext } from './check-context.js';
import { mtaStsFacts } from './dns-publish.js';
import { memoryText } from './memory-figures.js';
import { nginxMemoryMb } from './nginx-facts.js';
import { alreadyDone, changed } from './report.js';
import type { Step, StepContext } from './types.js';

export const HTTPS_PORT = 443;

/** The policy file the server serves: the same text buildRecords hashes into the record's id. */
export function servedPolicy(ctx: StepContext): string | undefined {
  const facts = mtaStsFacts(ctx.answers);
  return facts?.servedByServer ? mtaStsPolicy([ctx.answers.hostname], facts.mode) : undefined;
}

export function nginxSite(ctx: StepContext): string {
  return fill(asset('mta-sts/nginx-site.conf'), {
    domain: ctx.answers.domain,
    host: mtaStsHost(ctx.answers.domain),
    // Without IPv6 on the server, nginx could not bind [::]:443 and would not start.
    listen6: ctx.answers.ipv6.enable ? '    listen [::]:443 ssl;' : '',
    certDir: certDir(ctx.answers.hostname),
    root: mtaStsRoot,
  });
}

export const mtaStsStep: Step = {
  id: 'mta-sts',
  title: 'MTA-STS policy',
  why: 'Senders that know your MTA-STS policy deliver to you only over TLS, so nobody on the way can strip the encryption.',
  reads: ['mtaSts.mode', 'mtaSts.serve'],
  // nginx reads the certificate where it is placed for chasquid; the firewall step has read the firewall first.
  needs: ['certificate-install', 'firewall'],
  enabled: (ctx) => servedPolicy(ctx) !== undefined,
  tasks: (ctx) => [
    {
      title: `Install nginx (serves the policy over HTTPS; ${memoryText(nginxMemoryMb(), ctx.facts.os)} of memory once running)`,
      task: async (_, task) => {
        const installed = await aptInstall(ctx, task, ['nginx']);
        if (!installed.length) return alreadyDone(task, 'nginx is installed');
        // Installed only for the policy: Debian's default site (port 80) is not wanted.
        await ctx.remote.exec(sh`rm -f /etc/nginx/sites-enabled/default`);
        changed(task, 'installed');
      },
    },
    {
      title: `Serve https://${mtaStsHost(ctx.answers.domain)}/.well-known/mta-sts.txt`,
      task: async (_, task) => {
        await ensureDir(ctx, mtaStsRoot);
        const policy = await ctx.remote.writeFile(`${mtaStsRoot}/mta-sts.txt`, servedPolicy(ctx)!, { mode: 0o644 });
        const site = await ctx.remote.writeFile(mtaStsSite, nginxSite(ctx), { mode: 0o644 });
        // ufw (Ubuntu's images) or firewalld keep 443 closed: senders could not fetch the policy.
        const firewall = await readFirewall(ctx.remote, [HTTPS_PORT]);
        const open = firewall.closed.length ? openPortsCommand(firewall, [HTTPS_PORT]) : undefined;
        if (firewall.closed.length && !open) throw new Error(`the server's nftables rules drop port ${HTTPS_PORT}, where senders fetch the policy: ${openCommand(firewall, [HTTPS_PORT])}; then run mailsetup again.`);
        if (open) await ctx.remote.exec(open);
        // nginx reads the certificate only when it starts or reloads: one placed since (a renewal
        // whose reload was cut off, an interrupted hostname change) is not served yet.
        const certFile = `${certDir(ctx.answers.hostname)}/fullchain.pem`;
        const [running, pem] = await Promise.all([holds(ctx, sh`systemctl is-active --quiet nginx`), ctx.remote.readFile(certFile)]);
        const current = running && (await servesCertificate(ctx, HTTPS_PORT, mtaStsHost(ctx.answers.domain), pem));
        if (!site.changed && !policy.changed && current && !open) return alreadyDone(task, `policy served${await memoryNote(ctx)}`);
        // A bad site file must not take nginx down for other sites: test first.
        await ctx.remote.exec(sh`nginx -t -q && systemctl enable --quiet nginx && { systemctl reload-or-restart nginx; }`);
        if (!ctx.dryRun && !(await untilServed(ctx, HTTPS_PORT, mtaStsHost(ctx.answers.domain), pem))) {
          throw new Error(`nginx does not serve ${certFile} on port ${HTTPS_PORT} after reloading: see journalctl -u nginx on the server, then run mailsetup again`);
        }
        const what = site.changed ? 'nginx site written' : policy.changed ? 'policy updated' : open ? `port ${HTTPS_PORT} opened` : running ? 'nginx reloaded with the current certificate' : 'nginx started';
        changed(task, `${what}${await memoryNote(ctx)}`);
      },
    },
  ],
  verify: (ctx) => verifyMtaSts(ctx),
};

/** ", nginx uses 6 MB of memory", measured on the server as the spam filter's memory is. */
async function memoryNote(ctx: StepContext): Promise<string> {
  const mb = ctx.dryRun ? undefined : await unitMemoryMb(ctx.remote, 'nginx');
  return mb === undefined ? '' : `, nginx uses ${mb} MB of memory`;
}

/**
 * The policy fetched from the server itself: its name and record are the DNS
 * step's to publish, later in the run (whose verify checks them all). The mx
 * lines are judged there too, once the MX exists.
 */
export async function verifyMtaSts(ctx: StepContext): Promise<CheckResult[]> {
  const checks = await checkContext(ctx);
  const all = await checkMtaStsPolicy(checks, checks.connectHost);
  return all.filter((c) => c.id !== 'mta-sts.mx');
}
