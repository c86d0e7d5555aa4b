// The certificate a TLS server presents for a name, seen from this machine:
// its SHA-256 fingerprint (AA:BB:..., as X509Certificate.fingerprint256), or
// undefined when no handshake completes. Trust is not judged here.
import { connect } from 'node:tls';

export function servedFingerprint(host: string, port: number, servername: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, servername, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.on('error', () => resolve(undefined));
  });
}
