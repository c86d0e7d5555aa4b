// Sends one DNS message and returns the reply: TCP by default (an update
// with a DKIM key and TSIG can exceed what plain UDP safely carries), UDP on
// request. Replies are matched by message id.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { isIP } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
}

export function parseEndpoint(server: string): Endpoint {
  const s = server.trim();
  if (isIP(s)) return { host: s, port: 53 };
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6 && isIP(v6[1]!) === 6) return { host: v6[1]!, port: Number(v6[2] ?? 53) };
  const v4 = /^([^:]+):(\d+)$/.exec(s);
  if (v4 && isIP(v4[1]!) === 4) return { host: v4[1]!, port: Number(v4[2]) };
  throw new Error(`not a DNS server address: "${server}" (use IP, IP:port or [IPv6]:port)`);
}

const where = (e: Endpoint) => (isIP(e.host) === 6 ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`);

export function sendTcp(endpoint: Endpoint, message: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    let data = Buffer.alloc(0);
    const fail = (err: Error) => { socket.destroy(); reject(err); };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from the DNS server at ${where(endpoint)} within ${timeoutMs} ms`)));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      fail(new Error(`cannot reach the DNS server at ${where(endpoint)} over TCP (${err.code ?? err.message}): check the address and port, and that it accepts TCP`)));
    socket.once('connect', () => socket.write(Buffer.concat([Buffer.from([message.length >> 8, message.length & 0xff]), message])));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        socket.end();
        resolve(data.subarray(2, 2 + data.readUInt16BE(0)));
      }
    });
    socket.once('close', () => reject(new Error(`the DNS server at ${where(endpoint)} closed the connection without answering`)));
  });
}

export function sendUdp(endpoint: Endpoint, message: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(endpoint.host) === 6 ? 'udp6' : 'udp4');
    const id = message.readUInt16BE(0);
    const timer = setTimeout(() => { socket.close(); reject(new Error(`no answer from the DNS server at ${where(endpoint)} within ${timeoutMs} ms`)); }, timeoutMs);
    socket.on('message', (reply) => {
      if (reply.length < 12 || reply.readUInt16BE(0) !== id) return;
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.once('error', (err) => { clearTimeout(timer); socket.close(); reject(new Error(`cannot reach the DNS server at ${where(endpoint)} over UDP (${err.message})`)); });
    socket.send(message, endpoint.port, endpoint.host);
  });
}
