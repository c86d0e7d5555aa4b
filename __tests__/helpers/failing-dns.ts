// A stand-in for a broken DNS server, on loopback UDP: it answers SERVFAIL,
// or says nothing (a timeout), the way a lame delegation or a dead
// nameserver does. In `flaky` mode it fails only the first question of each
// kind and forwards every repeat to a real server (the lab's bind9): a
// transient failure a retry gets past. Real packets, so the resolver under
// test (c-ares inside node) is not mocked.
import { createSocket, type RemoteInfo } from 'node:dgram';
import net from 'node:net';

export type FailingMode = 'servfail' | 'silent' | 'flaky';

export interface FailingDns {
  /** `127.0.0.1:port`, as --resolver takes it. */
  server: string;
  /** Questions received, per `name/type` (lower case). */
  asked: Map<string, number>;
  stop(): Promise<void>;
}

/** `name/TYPE` of the first question in a DNS message (enough to count repeats). */
function question(msg: Buffer): { key: string; end: number } | undefined {
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length) {
    const len = msg[at]!;
    if (len === 0) break;
    if (len > 63) return undefined; // no compression in questions
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return undefined;
  const type = msg.readUInt16BE(at + 1);
  return { key: `${labels.join('.').toLowerCase()}/${type}`, end: at + 5 };
}

/** The query sent back with QR set, RCODE SERVFAIL, and only its question. */
function servfail(msg: Buffer, end: number): Buffer {
  const out = Buffer.from(msg.subarray(0, end));
  out[2] = (out[2]! | 0x80) & ~0x04; // QR=1, AA=0
  out[3] = 0x80 | 2; // RA=1, RCODE=2
  out.writeUInt16BE(1, 4); // QDCOUNT
  out.fill(0, 6, 12); // no answer, authority or additional records
  return out;
}

export async function startFailingDns(mode: FailingMode, upstream?: { host: string; port: number }): Promise<FailingDns> {
  if (mode === 'flaky' && !upstream) throw new Error('flaky mode forwards repeats: give it an upstream server');
  const socket = createSocket('udp4');
  const asked = new Map<string, number>();
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    const q = question(msg);
    if (!q) return;
    const seen = (asked.get(q.key) ?? 0) + 1;
    asked.set(q.key, seen);
    if (mode === 'silent') return;
    if (mode === 'servfail' || seen === 1) {
      socket.send(servfail(msg, q.end), from.port, from.address);
      return;
    }
    // Repeats go to the real server, one socket per question, relayed back as is.
    const relay = createSocket('udp4');
    const timer = setTimeout(() => relay.close(), 5000);
    relay.on('message', (answer) => {
      clearTimeout(timer);
      socket.send(answer, from.port, from.address);
      relay.close();
    });
    relay.send(msg, upstream!.port, upstream!.host);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  // An answer too big for UDP (a DKIM key) is asked again over TCP: in flaky
  // mode that goes straight to the real server, on the same port.
  const open = new Set<net.Socket>();
  const tcp = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    if (mode !== 'flaky') return void client.destroy();
    const server = net.connect(upstream!.port, upstream!.host);
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve, reject) => tcp.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${port}`,
    asked,
    stop: async () => {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const client of open) client.destroy();
      await closed;
    },
  };
}
