// What the checks trust when they judge a server's TLS: node's roots, plus
// the roots of a CA file the user gave (a private ACME server's, like the
// lab's Pebble), and one secure context built from them for every
// connection of the run.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';

/**
 * The self-signed certificates (roots) of a PEM bundle. A CA file often
 * carries the intermediate too (the lab's does); trusted as an anchor, it
 * would hide a server that does not send its intermediate, which every
 * receiver without that file then refuses. Receivers have roots only.
 */
export function rootsOnly(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.filter((block) => {
    try {
      const cert = new X509Certificate(block);
      return cert.checkIssued(cert) && cert.verify(cert.publicKey);
    } catch {
      return false;
    }
  });
}

const trustByFile = new Map<string, Promise<string[]>>();

/** Node's roots plus the CA file's roots; read once per file, and the same array each time (trustContext caches by it). */
export function trustedCas(caFile?: string): Promise<string[] | undefined> {
  if (!caFile) return Promise.resolve(undefined); // node's default store: Mozilla's roots
  let cas = trustByFile.get(caFile);
  if (!cas) {
    cas = readFile(caFile, 'utf8').then((pem) => [...tls.rootCertificates, ...rootsOnly(pem)]);
    trustByFile.set(caFile, cas);
    cas.catch(() => trustByFile.delete(caFile));
  }
  return cas;
}

const contexts = new WeakMap<readonly unknown[], tls.SecureContext>();

/**
 * Connection options with their `ca` list made into a secure context once:
 * building one from ~150 roots costs ~10 ms of CPU, and --check opens a
 * dozen TLS connections side by side. Options that set protocol versions
 * keep their own context (a context fixes those too).
 */
export function trustContext<T extends tls.ConnectionOptions>(options: T): T {
  const ca = options.ca;
  if (!Array.isArray(ca) || options.minVersion || options.maxVersion || options.secureContext) return options;
  let context = contexts.get(ca);
  if (!context) {
    context = tls.createSecureContext({ ca });
    contexts.set(ca, context);
  }
  const { ca: _ca, ...rest } = options;
  return { ...rest, secureContext: context } as T;
}

