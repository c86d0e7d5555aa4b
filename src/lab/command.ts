// `mailsetup lab up|status|ssh|reset|down`: argv in, exit code out.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { parseOsList } from './config.js';
import { FLAVOURS, FLAVOUR_SPECS, parseFlavour } from './flavours.js';
import { labDown, labReset, labUp } from './lifecycle.js';
import { LabUnsupported, checkPlatform } from './preflight.js';
import { labStatus } from './status.js';
import { labSummary } from './summary.js';
import { pickVps, sshArgs } from './ssh.js';
import type { LabOs } from './types.js';

const USAGE = `usage: mailsetup lab <command>
  up [--os debian12|debian13|all] [--flavour F] [--dnssec] [--show-secret]
                                                    start the lab (idempotent) and print how to use it;
                                                    F: ${FLAVOURS.map((f) => `${f} (${FLAVOUR_SPECS[f].what})`).join(';\n                                                    ')};
                                                    --dnssec: the mail domains DNSSEC-signed (DS in a signed test.)
                                                    and a validating resolver; chosen when the lab's DNS starts
  status [--json]                                   what is running
  ssh [--os debian12|debian13] [-- command...]      a root shell (or one command) on a lab VPS
  reset [--os debian12|debian13|all] [--flavour F]  a fresh VPS; DNS, ACME and inbox are kept
  down                                              stop and remove everything (the root filesystem cache stays)
MAILSETUP_LAB_INSTANCE=N (1..15) works on a separate lab of its own beside the default one (0).`;

interface Parsed {
  cmd: string;
  os?: string;
  flavour?: string;
  json: boolean;
  showSecret: boolean;
  dnssec?: boolean;
  rest: string[];
}

function parse(argv: string[]): Parsed {
  const args = argv[0] === 'lab' ? argv.slice(1) : [...argv];
  const first = args.shift() ?? '';
  const p: Parsed = { cmd: first === '-h' || first === '--help' ? 'help' : first, json: false, showSecret: false, rest: [] };
  while (args.length) {
    const a = args.shift()!;
    if (a === '--') {
      p.rest = args.splice(0);
    } else if (a === '--os') p.os = args.shift();
    else if (a.startsWith('--os=')) p.os = a.slice(5);
    else if (a === '--flavour') p.flavour = args.shift();
    else if (a.startsWith('--flavour=')) p.flavour = a.slice(10);
    else if (a === '--json') p.json = true;
    else if (a === '--show-secret') p.showSecret = true;
    else if (a === '--dnssec') p.dnssec = true;
    else if (a === '-h' || a === '--help') p.cmd = 'help';
    else throw new Error(`unknown option ${a}`);
  }
  return p;
}

const say = (line: string) => process.stderr.write(`lab: ${line}\n`);

async function run(p: Parsed): Promise<number> {
  switch (p.cmd) {
    case 'up': {
      const info = await labUp({ os: parseOsList(p.os), flavour: parseFlavour(p.flavour), dnssec: p.dnssec, log: say });
      const secret = p.showSecret ? (await readFile(info.dns.tsig.secretFile, 'utf8')).trim() : undefined;
      process.stdout.write(labSummary(info, secret) + '\n');
      return 0;
    }
    case 'status': {
      checkPlatform();
      const s = await labStatus();
      if (p.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      else {
        const mark = (b: boolean | undefined) => (b ? 'running' : 'stopped');
        process.stdout.write(
          [
            `lab ${s.up ? 'up' : 'down'}`,
            `  dns    ${mark(s.dns)}`,
            `  acme   ${mark(s.acme)}`,
            `  inbox  ${mark(s.inbox)}`,
            `  PowerDNS ${mark(s.powerdns)}`,
            ...Object.entries(s.vps).map(([os, up]) => `  ${os} ${mark(up)}`),
          ].join('\n') + '\n',
        );
      }
      return s.up ? 0 : 1;
    }
    case 'ssh': {
      checkPlatform();
      const s = await labStatus();
      if (!s.info) throw new Error('the lab is not up: run mailsetup lab up');
      const vps = pickVps(s.info, p.os as LabOs | undefined);
      const r = await execa('ssh', [...(p.rest.length ? [] : ['-t']), ...sshArgs(vps), ...(p.rest.length ? ['--', ...p.rest] : [])], {
        stdio: 'inherit',
        reject: false,
      });
      return r.exitCode ?? 1;
    }
    case 'reset': {
      const info = await labReset({ os: p.os ? parseOsList(p.os) : undefined, flavour: parseFlavour(p.flavour), log: say });
      process.stdout.write(labSummary(info) + '\n');
      return 0;
    }
    case 'down':
      await labDown();
      process.stdout.write('lab down: every lab process, interface, rule and file removed (root filesystem cache kept)\n');
      return 0;
    case 'help':
    case '':
      process.stdout.write(USAGE + '\n');
      return p.cmd === 'help' ? 0 : 2;
    default:
      process.stderr.write(`unknown lab command: ${p.cmd}\n${USAGE}\n`);
      return 2;
  }
}

export async function runLabCommand(argv: string[]): Promise<number> {
  try {
    return await run(parse(argv));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`mailsetup lab: ${msg}\n`);
    return e instanceof LabUnsupported ? 2 : 1;
  }
}
