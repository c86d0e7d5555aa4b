// Keys and certificates the lab makes for itself at `lab up`; none is ever
// committed. Private material is written 0600 under the state dir.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { TSIG_NAME, type LabConfig } from './config.js';

export interface LabSecrets {
  sshKey: string; // private key; the .pub beside it
  tsigKeyFile: string; // BIND key statement
  tsigSecretFile: string; // base64 secret alone
  tsigSecret: string;
  caCert: string;
  caKey: string;
}

export function secretPaths(cfg: LabConfig): Omit<LabSecrets, 'tsigSecret'> {
  const d = cfg.dir.secrets;
  return {
    sshKey: path.join(d, 'id_ed25519'),
    tsigKeyFile: path.join(d, 'tsig.key'),
    tsigSecretFile: path.join(d, 'tsig.secret'),
    caCert: path.join(cfg.dir.acme, 'lab-ca.pem'),
    caKey: path.join(d, 'lab-ca.key'),
  };
}

export async function ensureSecrets(cfg: LabConfig): Promise<LabSecrets> {
  const p = secretPaths(cfg);
  await mkdir(cfg.dir.secrets, { recursive: true, mode: 0o700 });
  await mkdir(cfg.dir.acme, { recursive: true, mode: 0o755 });

  if (!existsSync(p.sshKey)) {
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mailsetup-lab', '-f', p.sshKey]);
  }
  await chmod(p.sshKey, 0o600);

  if (!existsSync(p.tsigKeyFile)) {
    const { stdout } = await execa('tsig-keygen', ['-a', 'hmac-sha256', TSIG_NAME]);
    await writeFile(p.tsigKeyFile, stdout + '\n', { mode: 0o600 });
  }
  const keyText = await readFile(p.tsigKeyFile, 'utf8');
  const m = /secret "([^"]+)"/.exec(keyText);
  if (!m?.[1]) throw new Error(`lab: no secret in ${p.tsigKeyFile}`);
  const tsigSecret = m[1];
  await writeFile(p.tsigSecretFile, tsigSecret + '\n', { mode: 0o600 });

  if (!existsSync(p.caCert) || !existsSync(p.caKey)) {
    await execa('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', p.caKey, '-out', p.caCert, '-days', '3650',
      '-subj', `/CN=mailsetup lab CA ${cfg.instance}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }
  await chmod(p.caKey, 0o600);
  return { ...p, tsigSecret };
}

/** A server certificate signed by the lab CA (Pebble's listener, the inbox's STARTTLS). */
export async function ensureServerCert(
  cfg: LabConfig,
  name: string,
  dnsNames: string[],
  ips: string[],
): Promise<{ cert: string; key: string }> {
  const p = secretPaths(cfg);
  const cert = path.join(cfg.dir.secrets, `${name}.pem`);
  const key = path.join(cfg.dir.secrets, `${name}.key`);
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  const csr = path.join(cfg.dir.secrets, `${name}.csr`);
  const ext = path.join(cfg.dir.secrets, `${name}.ext`);
  const san = [...dnsNames.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)].join(',');
  await writeFile(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  await execa('openssl', [
    'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', csr, '-subj', `/CN=${dnsNames[0] ?? ips[0]}`,
  ]);
  await chmod(key, 0o600);
  await execa('openssl', [
    'x509', '-req', '-in', csr, '-CA', p.caCert, '-CAkey', p.caKey, '-CAcreateserial',
    '-out', cert, '-days', '825', '-extfile', ext,
  ]);
  return { cert, key };
}
