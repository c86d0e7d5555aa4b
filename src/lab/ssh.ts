// Running commands on a lab VPS with the system ssh client, the lab key and
// the lab's known_hosts (host keys are checked, never blindly accepted).
import { readFileSync } from 'node:fs';
import { execa, type Result } from 'execa';
import { sh } from '../remote/quote.js';
import type { LabInfo, LabOs, LabVps } from './types.js';

export function sshArgs(vps: LabVps): string[] {
  return [
    '-i', vps.ssh.keyFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${vps.ssh.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'LogLevel=ERROR',
    '-p', String(vps.ssh.port),
    `${vps.ssh.user}@${vps.ssh.host}`,
  ];
}

export function pickVps(info: LabInfo, os?: LabOs): LabVps {
  const vps = os ? info.vps[os] : (info.vps.debian12 ?? info.vps.debian13);
  if (!vps) throw new Error(`lab: no ${os ?? ''} VPS is up (run: mailsetup lab up${os ? ` --os ${os}` : ''})`);
  return vps;
}

/**
 * Run `command` (a shell command line for the VPS's root shell; pass only
 * fixed text or values quoted by the caller) and return its result without
 * throwing on a non-zero exit.
 */
export async function labExec(
  vps: LabVps,
  command: string,
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<Result<{ reject: false }>> {
  // A VPS without root login (the sudo-user flavour): the sudo user runs
  // it as root, its password the first line sudo reads, the input after it.
  const asRoot = vps.ssh.sudoPasswordFile ? sh`sudo -S -p '' sh -c ${command}`.text : command;
  const password = vps.ssh.sudoPasswordFile ? readFileSync(vps.ssh.sudoPasswordFile, 'utf8').trim() + '\n' : undefined;
  const input = password !== undefined ? password + (opts.input ?? '') : opts.input;
  return execa('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', ...sshArgs(vps), '--', asRoot], {
    reject: false,
    input,
    timeout: opts.timeoutMs ?? 300000,
  }) as unknown as Promise<Result<{ reject: false }>>;
}
