// argv -> a typed request. Kept free of heavy imports: `--help` and
// `--version` are answered from here without loading Ink or React.
import { parseArgs } from 'node:util';
import { UsageError } from '../session/request.js';
import { normalName } from '../state/names.js';
import { shown } from '../state/shown.js';
import { validateHostAddress, validateUser } from '../state/validate.js';
import { day2Options, isDay2Mode, type Day2Mode, type Day2Request } from './day2/options.js';

export type Mode = 'help' | 'version' | 'wizard' | 'check' | 'unattended' | 'dry-run' | 'lab' | Day2Mode;

export interface CliRequest {
  mode: Mode;
  json: boolean;
  yes: boolean;
  lab: boolean;
  answersFile?: string;
  host?: { user?: string; address: string; port?: number };
  identity?: string;
  stateDir?: string;
  resolver?: string;
  domain?: string;
  hostname?: string;
  caFile?: string;
  /** Words after `lab`. */
  labArgs: string[];
  /** Set for the day-two modes (logs, senders, dkim, ...). */
  day2?: Day2Request;
}

export { UsageError };

const options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  check: { type: 'boolean' },
  json: { type: 'boolean' },
  answers: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  lab: { type: 'boolean' },
  host: { type: 'string' },
  identity: { type: 'string', short: 'i' },
  'state-dir': { type: 'string' },
  resolver: { type: 'string' },
  domain: { type: 'string' },
  hostname: { type: 'string' },
  'ca-file': { type: 'string' },
} as const;

/**
 * `user@addr[:port]`, `addr`, `[v6]:port`. The address is checked like
 * host.address in an answers file (it names the state file and goes into
 * known_hosts), and a host name is read in its normal form.
 */
export function parseHost(value: string): NonNullable<CliRequest['host']> {
  const bad = (what: string) => new UsageError(`--host ${shown(value)}: ${what}`);
  const at = value.lastIndexOf('@');
  const user = at >= 0 ? value.slice(0, at) : undefined;
  let rest = at >= 0 ? value.slice(at + 1) : value;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    rest = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const [addr, p] = rest.split(':');
    rest = addr!;
    if (!/^\d+$/.test(p!)) throw bad(`the port ${shown(p)} is not a number`);
    port = Number(p);
  }
  if (port !== undefined && (port < 1 || port > 65535)) throw bad('a port is from 1 to 65535');
  if (!rest) throw bad('no address; write it as user@203.0.113.7 or user@host:2222');
  if (user !== undefined && validateUser(user)) throw bad(`${shown(user)} is not a valid login name`);
  const problem = validateHostAddress(rest);
  if (problem) throw bad(`the address ${problem}; write it as user@203.0.113.7, user@mail.example.com or user@[2001:db8::7]:22`);
  return { user, address: rest.includes(':') ? rest.toLowerCase() : normalName(rest), port };
}

/** Options that take a value: the word after one of them is its value, never the command. */
const TAKES_VALUE = new Set(
  Object.entries({ ...options, ...day2Options }).flatMap(([name, o]) =>
    o.type === 'string' ? [`--${name}`, ...('short' in o ? [`-${o.short}`] : [])] : [],
  ),
);

/**
 * Where the command word (`lab`, `senders`, ...) is: the first word that is
 * neither an option nor an option's value, so options may come before the
 * command as well as after it (`mailsetup --lab senders list`), as git, npm
 * and kubectl allow. -1: no word before `--` or the end.
 */
export function commandWordAt(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return -1;
    if (TAKES_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return i;
  }
  return -1;
}

export function parseCli(argv: string[]): CliRequest {
  const at = commandWordAt(argv);
  const command = at >= 0 ? argv[at] : undefined;
  const before = argv.slice(0, Math.max(at, 0));
  const after = argv.slice(at + 1);
  if (command === 'lab') {
    // The lab reads its own words (its command first); options given before `lab` go after that, ahead of a `--`.
    const end = after.indexOf('--') < 0 ? after.length : after.indexOf('--');
    return { mode: 'lab', json: false, yes: false, lab: true, labArgs: [...after.slice(0, end), ...before, ...after.slice(end)] };
  }
  // Day-two commands take words and flags of their own after the mode.
  const day2Mode = isDay2Mode(command) ? command : undefined;
  let parsed;
  try {
    parsed = day2Mode
      ? parseArgs({ args: [...before, ...after], options: { ...options, ...day2Options }, allowPositionals: true, strict: true })
      : parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message);
  }
  const { values, positionals } = parsed;
  if (positionals.length && !day2Mode) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const v = values as Record<string, string | boolean | undefined>;
  const request: CliRequest = {
    mode: 'wizard',
    json: Boolean(v.json),
    yes: Boolean(v.yes),
    lab: Boolean(v.lab),
    answersFile: v.answers as string | undefined,
    host: typeof v.host === 'string' ? parseHost(v.host) : undefined,
    identity: v.identity as string | undefined,
    stateDir: v['state-dir'] as string | undefined,
    resolver: v.resolver as string | undefined,
    // Normal form where they are read, as in the answers file.
    domain: typeof v.domain === 'string' ? normalName(v.domain) : undefined,
    hostname: typeof v.hostname === 'string' ? normalName(v.hostname) : undefined,
    caFile: v['ca-file'] as string | undefined,
    labArgs: [],
  };
  if (day2Mode && !v.help) {
    const lines = v.lines === undefined ? undefined : Number(v.lines);
    if (lines !== undefined && !(Number.isInteger(lines) && lines >= 0)) throw new UsageError(`--lines ${v.lines}: give a whole number of lines`);
    request.mode = day2Mode;
    request.day2 = {
      words: positionals,
      follow: Boolean(v.follow),
      since: v.since as string | undefined,
      lines,
      generate: Boolean(v.generate),
      selector: v.selector as string | undefined,
      watch: { at: v.at as string | undefined, to: v.to as string | undefined, webhook: v.webhook as string | undefined, weekly: Boolean(v.weekly) },
    };
    return request;
  }
  if (v.help) request.mode = 'help';
  else if (v.version) request.mode = 'version';
  else if (v.check) request.mode = 'check';
  else if (v['dry-run']) request.mode = 'dry-run';
  else if (request.answersFile || (request.lab && request.yes)) request.mode = 'unattended';
  if (request.json && request.mode !== 'check') throw new UsageError('--json goes with --check');
  return request;
}
