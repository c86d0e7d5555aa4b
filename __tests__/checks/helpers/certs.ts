// Certificates for the TLS tests, made by openssl: a test CA, and leaf
// certificates that are valid, expired, about to expire, or for another
// name. `openssl ca` is used because it can set past validity dates.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Leaf { key: string; cert: string }

export interface TestPki {
  dir: string;
  caFile: string;
  leaf(name: string, start: Date, end: Date): Leaf;
  cleanup(): void;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const ssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-checks-pki-'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = test',
    '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial', 'new_certs_dir = $dir',
    'certificate = $dir/ca.pem', 'private_key = $dir/ca.key', 'default_md = sha256', 'policy = any',
    'copy_extensions = copy', 'unique_subject = no', 'email_in_dn = no',
    '[any]', 'commonName = supplied',
    '[leaf]', 'basicConstraints = CA:FALSE', 'keyUsage = digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth',
  ].join('\n') + '\n');
  ssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
    '-out', 'ca.pem', '-days', '30', '-subj', '/CN=mailsetup checks test CA'], dir);
  let n = 0;
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    leaf(name, start, end) {
      const base = `leaf${++n}`;
      ssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${base}.key`,
        '-out', `${base}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`], dir);
      ssl(['ca', '-batch', '-config', 'ca.cnf', '-extensions', 'leaf', '-in', `${base}.csr`, '-out', `${base}.pem`,
        '-startdate', stamp(start), '-enddate', stamp(end), '-notext'], dir);
      return { key: readFileSync(join(dir, `${base}.key`), 'utf8'), cert: readFileSync(join(dir, `${base}.pem`), 'utf8') };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const daysFromNow = (days: number): Date => new Date(Date.now() + days * 86_400_000);
