// One TLS look at one SMTP port: who the certificate is for, whether the
// chain is trusted, when it expires, and whether the server still accepts
// TLS 1.0/1.1 (deprecated by RFC 8996).
import tls from 'node:tls';
import { connectImplicitTls, connectStartTls, type TlsProbeOptions } from './smtp-client.js';

export type TlsMode = 'implicit' | 'starttls';

export interface TlsFacts {
  protocol: string | null;
  /** Null when the chain is trusted and names the host. */
  problem: string | null;
  subject: string;
  validTo: Date;
  issuer: string;
}

// OpenSSL's words when the leaf's issuer is neither sent nor a trusted root.
const NO_INTERMEDIATE = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';

const open = (mode: TlsMode, host: string, port: number, options: TlsProbeOptions, timeoutMs: number) =>
  mode === 'implicit' ? connectImplicitTls(host, port, options, timeoutMs) : connectStartTls(host, port, options, timeoutMs);

export async function probeTls(mode: TlsMode, host: string, port: number, servername: string, ca: string[] | undefined, timeoutMs: number): Promise<TlsFacts> {
  // Verification is done below, by hand, so that an untrusted certificate is
  // reported with its details instead of only a refused handshake.
  const conn = await open(mode, host, port, { servername, ca, rejectUnauthorized: false }, timeoutMs);
  try {
    const socket = conn.socket as tls.TLSSocket;
    const cert = socket.getPeerCertificate();
    const identity = cert && cert.raw ? tls.checkServerIdentity(servername, cert) : new Error('no certificate was presented');
    // The name first: node also reports a wrong name as an authorization error.
    const problem = identity ? `the certificate is not valid for ${servername}: ${identity.message}`
      : !socket.authorized ? `the chain is not trusted: ${String(socket.authorizationError) === NO_INTERMEDIATE
        ? 'the server does not send the intermediate certificate(s) between its certificate and a root' : String(socket.authorizationError)}` : null;
    return {
      protocol: socket.getProtocol(),
      problem,
      subject: [cert.subject?.CN, cert.subjectaltname].filter(Boolean).map(String).join('; '),
      validTo: new Date(cert.valid_to),
      issuer: String(cert.issuer?.CN ?? cert.issuer?.O ?? '?'),
    };
  } finally {
    conn.close();
  }
}

/** The protocol a TLS 1.0/1.1-only handshake ends in, or null when the server refuses it. */
export async function probeWeakProtocol(mode: TlsMode, host: string, port: number, servername: string, timeoutMs: number): Promise<string | null> {
  const weak: TlsProbeOptions = {
    servername, rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.1',
    // OpenSSL 3 disables TLS 1.0/1.1 at its default security level; level 0 lets us offer them.
    ciphers: 'DEFAULT:@SECLEVEL=0',
  };
  try {
    const conn = await open(mode, host, port, weak, timeoutMs);
    const protocol = (conn.socket as tls.TLSSocket).getProtocol();
    conn.close();
    return protocol;
  } catch {
    return null;
  }
}
