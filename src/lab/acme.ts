// The lab's ACME server: Debian's Pebble, validating DNS-01 for real against
// the lab DNS (never its always-valid mode). Debian ships no certificate for
// Pebble's own HTTPS listener, so the lab CA signs one. Pebble makes a new
// root at every start; the lab exports it (with the intermediate) so that
// clients and checks can trust what Pebble issues.
import https from 'node:https';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabConfig } from './config.js';
import { daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';
import { ensureServerCert } from './secrets.js';

const DAEMON = 'pebble';

export function acmeUrls(cfg: LabConfig): { directory: string; management: string } {
  return {
    directory: `https://${cfg.hostIpv4}:${cfg.acmePort}/dir`,
    management: `https://${cfg.hostIpv4}:${cfg.acmeMgmtPort}`,
  };
}

export function acmeCaFile(cfg: LabConfig): string {
  return path.join(cfg.dir.acme, 'pebble-ca.pem');
}

function httpsGet(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: timeout`)));
    req.on('error', reject);
  });
}

export async function acmeUp(cfg: LabConfig, caCertFile: string): Promise<void> {
  const ca = await readFile(caCertFile, 'utf8');
  const urls = acmeUrls(cfg);
  if (!(await daemonPid(cfg, DAEMON))) {
    const { cert, key } = await ensureServerCert(cfg, 'pebble', ['localhost'], [cfg.hostIpv4, '127.0.0.1']);
    const conf = path.join(cfg.dir.acme, 'pebble-config.json');
    const config = {
      pebble: {
        listenAddress: `${cfg.hostIpv4}:${cfg.acmePort}`,
        managementListenAddress: `${cfg.hostIpv4}:${cfg.acmeMgmtPort}`,
        certificate: cert,
        privateKey: key,
        // Only DNS-01 is used; these are where Pebble would look for the
        // other challenge types.
        httpPort: 5002,
        tlsPort: 5001,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    };
    await writeFile(conf, JSON.stringify(config, null, 2) + '\n');
    await startDaemon(cfg, DAEMON, 'pebble', ['-config', conf, '-dnsserver', `${cfg.hostIpv4}:53`], {
      marker: conf,
      env: {
        // No random sleeps before validation and no random nonce
        // rejections: tests stay fast. Validation itself stays real.
        PEBBLE_VA_NOSLEEP: '1',
        PEBBLE_WFE_NONCEREJECT: '0',
        PEBBLE_VA_ALWAYS_VALID: '0',
      },
    });
  }
  await waitFor('Pebble', 20000, async () => (await httpsGet(urls.directory, ca)).includes('newOrder'));
  const root = await httpsGet(`${urls.management}/roots/0`, ca);
  const intermediate = await httpsGet(`${urls.management}/intermediates/0`, ca);
  await writeFile(acmeCaFile(cfg), root.trim() + '\n' + intermediate.trim() + '\n');
}

export async function acmeDown(cfg: LabConfig): Promise<void> {
  await stopDaemon(cfg, DAEMON);
}

export async function acmeRunning(cfg: LabConfig): Promise<boolean> {
  return (await daemonPid(cfg, DAEMON)) !== null;
}
