// The lab's inbox (stand-in for the user's Gmail): started as a daemon from
// assets/lab/inbox-server.mjs; readInbox() is how tests look at what landed.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { INBOX_DOMAIN, labConfig, type LabConfig } from './config.js';
import { labAsset } from './assets.js';
import { daemonPid, startDaemon, stopDaemon, waitFor } from './process.js';
import { ensureServerCert } from './secrets.js';
import type { InboxMessage } from './types.js';

const DAEMON = 'inbox';
export const INBOX_MX = `mx.${INBOX_DOMAIN}`;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

export async function inboxUp(cfg: LabConfig): Promise<void> {
  await mkdir(cfg.dir.inbox, { recursive: true, mode: 0o755 });
  if (!(await daemonPid(cfg, DAEMON))) {
    const { cert, key } = await ensureServerCert(cfg, 'inbox', [INBOX_MX], [cfg.inboxIpv4]);
    const script = labAsset('inbox-server.mjs');
    await startDaemon(cfg, DAEMON, process.execPath, [
      script, '--dir', cfg.dir.inbox, '--hostname', INBOX_MX,
      '--listen', `${cfg.inboxIpv4}:25`, '--listen', `[${cfg.inboxIpv6}]:25`,
      '--cert', cert, '--key', key,
    ], { marker: cfg.dir.inbox });
  }
  await waitFor('the inbox', 10000, () => canConnect(cfg.inboxIpv4, 25));
}

export async function inboxDown(cfg: LabConfig): Promise<void> {
  await stopDaemon(cfg, DAEMON);
}

export async function inboxRunning(cfg: LabConfig): Promise<boolean> {
  return (await daemonPid(cfg, DAEMON)) !== null;
}

/** Every message in the lab inbox, oldest first. */
export async function readInbox(opts: { instance?: number; stateDir?: string } = {}): Promise<InboxMessage[]> {
  const dir = labConfig(opts).dir.inbox;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  const out: InboxMessage[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const meta = JSON.parse(await readFile(file.replace(/\.eml$/, '.json'), 'utf8')) as Omit<InboxMessage, 'file' | 'raw'>;
    out.push({
      file,
      raw: await readFile(file, 'utf8'),
      mailFrom: meta.mailFrom,
      rcptTo: meta.rcptTo,
      remoteAddress: meta.remoteAddress,
      helo: meta.helo,
      tls: meta.tls,
      receivedAt: meta.receivedAt,
    });
  }
  return out;
}
