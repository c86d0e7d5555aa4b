// Just enough SMTP to reach TLS: read the greeting, EHLO, STARTTLS. The TLS
// checks need the raw TLS socket (peer certificate, protocol, authorization
// error), which an SMTP library would hide behind its own policy.
import net from 'node:net';
import tls from 'node:tls';
import { trustContext } from './trust.js';

export interface SmtpReply {
  code: number;
  lines: string[];
}

export interface SmtpConnection {
  socket: net.Socket | tls.TLSSocket;
  greeting: SmtpReply;
  ehlo?: SmtpReply;
  close(): void;
}

/** Reads one (possibly multi-line) reply: `250-...` lines end with `250 ...`. */
function readReply(socket: net.Socket, timeoutMs: number): Promise<SmtpReply> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const lines: string[] = [];
    const done = (err?: Error, reply?: SmtpReply) => {
      clearTimeout(timer);
      socket.off('data', onData).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve(reply!);
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        const m = /^(\d{3})([ -]|$)/.exec(line);
        if (!m) return done(new Error(`not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`));
        if (m[2] !== '-') {
          // Anything after the final line belongs to the next reply; SMTP without pipelining sends none.
          if (buffer.length > 0) socket.unshift(Buffer.from(buffer, 'latin1'));
          return done(undefined, { code: Number(m[1]), lines });
        }
      }
    };
    const onError = (err: Error) => done(err);
    const onClose = () => done(new Error('the server closed the connection'));
    const timer = setTimeout(() => done(new Error(`no SMTP reply within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', onData).once('error', onError).once('close', onClose);
  });
}

export async function command(socket: net.Socket, line: string, timeoutMs: number): Promise<SmtpReply> {
  const reply = readReply(socket, timeoutMs);
  socket.write(`${line}\r\n`);
  return reply;
}

function connected<T extends net.Socket>(socket: T, event: 'connect' | 'secureConnect', timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no connection within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once(event, () => { clearTimeout(timer); socket.off('error', onError); resolve(socket); });
    const onError = (err: Error) => { clearTimeout(timer); socket.destroy(); reject(err); };
    socket.once('error', onError);
  });
}

const closer = (socket: net.Socket) => () => {
  // QUIT politely, then drop the socket whatever happens.
  if (!socket.destroyed) socket.end('QUIT\r\n');
  setTimeout(() => socket.destroy(), 200).unref();
};

export interface TlsProbeOptions extends tls.ConnectionOptions {
  servername: string;
}

/** Port 465: TLS from the first byte, then the SMTP greeting. */
export async function connectImplicitTls(host: string, port: number, options: TlsProbeOptions, timeoutMs: number): Promise<SmtpConnection> {
  return greeted(await connected(tls.connect(trustContext({ ...options, host, port })), 'secureConnect', timeoutMs), timeoutMs);
}

/** A plain SMTP connection and its greeting (port 25 as another mail server sees it). */
export async function connectPlain(host: string, port: number, timeoutMs: number): Promise<SmtpConnection> {
  return greeted(await connected(net.connect({ host, port }), 'connect', timeoutMs), timeoutMs);
}

/** The server's greeting on a connected socket; the socket is closed if none comes. */
async function greeted<S extends net.Socket>(socket: S, timeoutMs: number): Promise<SmtpConnection> {
  try {
    const greeting = await readReply(socket, timeoutMs);
    return { socket, greeting, close: closer(socket) };
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

/** Ports 25 and 587: plain greeting, EHLO, STARTTLS, then TLS on the same socket. */
export async function connectStartTls(host: string, port: number, options: TlsProbeOptions, timeoutMs: number, heloName = 'mailsetup.invalid'): Promise<SmtpConnection> {
  const plain = await connected(net.connect({ host, port }), 'connect', timeoutMs);
  try {
    const greeting = await readReply(plain, timeoutMs);
    if (greeting.code !== 220) throw new Error(`greeting: ${greeting.lines.join(' ')}`);
    const ehlo = await command(plain, `EHLO ${heloName}`, timeoutMs);
    if (ehlo.code !== 250) throw new Error(`EHLO refused: ${ehlo.lines.join(' ')}`);
    if (!ehlo.lines.some((l) => /^250[ -]STARTTLS\b/i.test(l))) {
      throw Object.assign(new Error('the server does not offer STARTTLS'), { code: 'ENOSTARTTLS' });
    }
    const ready = await command(plain, 'STARTTLS', timeoutMs);
    if (ready.code !== 220) throw new Error(`STARTTLS refused: ${ready.lines.join(' ')}`);
    const secure = await connected(tls.connect(trustContext({ ...options, socket: plain })), 'secureConnect', timeoutMs);
    return { socket: secure, greeting, ehlo, close: closer(secure) };
  } catch (err) {
    plain.destroy();
    throw err;
  }
}
