// A TLS-speaking SMTP responder on loopback, enough for the TLS checks:
// greeting, EHLO (offering STARTTLS), STARTTLS, QUIT; MAIL and RSET are
// accepted and RCPT refused as relaying (unless `openRelay`). Implicit-TLS
// mode is port 465's; `weak` also accepts TLS 1.0/1.1 like an old server would.
import net from 'node:net';
import tls from 'node:tls';
import type { Leaf } from './certs.js';

export interface Responder { port: number; close(): Promise<void> }

export interface ResponderOptions {
  leaf: Leaf;
  mode: 'implicit' | 'starttls';
  weak?: boolean;
  /** Leave STARTTLS out of the EHLO reply. */
  noStartTls?: boolean;
  /** The name in the greeting and EHLO reply (default smtp.test). */
  name?: string;
  /** Accept RCPT for any domain from anyone. */
  openRelay?: boolean;
}

function speak(socket: net.Socket, options: ResponderOptions, secure: boolean, context: tls.SecureContext, weak: tls.TlsOptions) {
  let buffer = '';
  socket.on('error', () => undefined);
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim().toUpperCase();
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('EHLO')) {
        const offer = !secure && !options.noStartTls ? ['250-STARTTLS'] : [];
        socket.write([`250-${options.name ?? 'smtp.test'}`, ...offer, '250 8BITMIME'].join('\r\n') + '\r\n');
      } else if (line === 'STARTTLS' && !secure) {
        socket.off('data', onData);
        socket.write('220 2.0.0 go ahead\r\n', () => {
          const upgraded = new tls.TLSSocket(socket, { isServer: true, secureContext: context, ...weak });
          speak(upgraded, options, true, context, weak);
        });
        return;
      } else if (line.startsWith('MAIL FROM:') || line === 'RSET') {
        socket.write('250 2.1.0 ok\r\n');
      } else if (line.startsWith('RCPT TO:')) {
        socket.write(options.openRelay ? '250 2.1.5 ok\r\n' : '554 5.7.1 relay not allowed\r\n');
      } else if (line === 'QUIT') {
        socket.end('221 bye\r\n');
      } else {
        socket.write('502 5.5.1 not here\r\n');
      }
    }
  };
  socket.on('data', onData);
}

export async function startResponder(options: ResponderOptions): Promise<Responder> {
  const weak: tls.TlsOptions = options.weak ? { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } : {};
  const context = tls.createSecureContext({ key: options.leaf.key, cert: options.leaf.cert, ...weak });
  const sockets = new Set<net.Socket>();
  const server = options.mode === 'implicit'
    ? tls.createServer({ key: options.leaf.key, cert: options.leaf.cert, ...weak }, (s) => {
      s.write(`220 ${options.name ?? 'smtp.test'} ESMTP\r\n`);
      speak(s, options, true, context, weak);
    })
    : net.createServer((s) => {
      s.write(`220 ${options.name ?? 'smtp.test'} ESMTP\r\n`);
      speak(s, options, false, context, weak);
    });
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
