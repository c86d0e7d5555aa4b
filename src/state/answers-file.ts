// Reads and validates `--answers FILE`: YAML with duplicate keys refused,
// every key checked against the schema, and every problem reported at once,
// each naming the key and what is expected.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { answersSchema, type Field } from './schema.js';
import { defaultAnswers, type Answers } from './answers.js';
import { validatePassword } from './validate.js';
import { emptySecrets, type Secrets } from './secrets.js';

export class AnswersFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.length} problem(s) in the answers file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AnswersFileError';
  }
}

type Flat = Map<string, unknown>;

function flatten(value: unknown, prefix: string, out: Flat, problems: string[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const field = answersSchema[prefix];
    if (field?.type === 'map') {
      out.set(prefix, value);
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out, problems);
    return;
  }
  out.set(prefix, value);
}

function checkField(key: string, field: Field, value: unknown): string | null {
  const show = field.secret ? '(hidden)' : JSON.stringify(value);
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return `${key}: expected a string (${field.describe}), got ${show}`;
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535)
        return `${key}: expected a whole number from 1 to 65535 (${field.describe}), got ${show}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${key}: expected true or false (${field.describe}), got ${show}`;
    case 'string[]': {
      if (!Array.isArray(value)) return `${key}: expected a list (${field.describe}), got ${show}`;
      for (const [i, item] of value.entries()) {
        if (typeof item !== 'string') return `${key}[${i}]: expected a string, got ${JSON.stringify(item)}`;
        const error = field.validate?.(item);
        if (error) return `${key}[${i}]: "${item}" ${error}`;
      }
      return null;
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${key}: expected a mapping (${field.describe})`;
      for (const [k, v] of Object.entries(value)) {
        const keyError = field.validateKey?.(k);
        if (keyError) return `${key}: the key ${JSON.stringify(k)} ${keyError}`;
        if (typeof v !== 'string') return `${key}.${k}: expected a string value`;
      }
      return null;
    }
  }
  if (field.oneOf && !field.oneOf.includes(value as string)) return `${key}: expected one of ${field.oneOf.join(', ')}, got ${show}`;
  const error = field.validate?.(value as string);
  return error ? `${key}: ${field.secret ? 'the value' : JSON.stringify(value)} ${error}` : null;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

/** Validate already-parsed YAML; exported for tests and for the lab's generated answers. */
export function answersFromObject(doc: unknown, file = 'answers'): { answers: Answers; secrets: Secrets } {
  const problems: string[] = [];
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new AnswersFileError(file, ['the file must be a YAML mapping of keys (see `mailsetup --help`)']);
  const flat: Flat = new Map();
  flatten(doc, '', flat, problems);
  const given: Record<string, unknown> = {};
  for (const [key, value] of flat) {
    const field = answersSchema[key];
    if (!field) {
      problems.push(`${key}: unknown key (known keys: see \`mailsetup --help\`)`);
      continue;
    }
    const error = checkField(key, field, value);
    if (error) problems.push(error);
    else setPath(given, key, field.localPath ? expandHome(value as string) : value);
  }
  for (const [key, field] of Object.entries(answersSchema)) {
    if (field.required && !flat.has(key)) problems.push(`${key}: missing (${field.describe})`);
  }
  const g = given as { host?: Partial<Answers['host']>; secrets?: Record<string, unknown> } & Record<string, any>;
  if (g.receiving?.mode === 'forward' && !g.receiving.forwardTo) problems.push('receiving.forwardTo: missing (required when receiving.mode is forward)');
  for (const [address, password] of Object.entries((g.secrets?.senders ?? {}) as Record<string, string>)) {
    const error = validatePassword(password);
    if (error) problems.push(`secrets.senders.${address}: the password ${error}`);
  }
  if (g.dns?.provider === 'rfc2136' && !g.dns.server) problems.push('dns.server: missing (required when dns.provider is rfc2136)');
  if (problems.length) throw new AnswersFileError(file, problems);

  const base = defaultAnswers(g.domain as string);
  const answers: Answers = {
    ...base,
    ...g,
    host: { user: 'root', port: 22, ...g.host } as Answers['host'],
    hostname: (g.hostname as string | undefined) ?? base.hostname,
    ipv6: { ...base.ipv6, ...g.ipv6 },
    tls: { ...base.tls, ...g.tls },
    senders: (g.senders as string[] | undefined) ?? [],
    receiving: { ...base.receiving, ...g.receiving },
    dns: { ...base.dns, ...g.dns },
    dmarc: { ...base.dmarc, ...g.dmarc },
    backup: { ...base.backup, ...g.backup },
    testMail: { ...base.testMail, ...g.testMail },
    preflight: { ...base.preflight, ...g.preflight },
  };
  delete (answers as unknown as Record<string, unknown>).secrets;
  const secrets = emptySecrets();
  const s = g.secrets ?? {};
  Object.assign(secrets.senderPasswords, s.senders ?? {});
  Object.assign(secrets.dnsCredentials, s.dnsCredentials ?? {});
  if (typeof s.tsigSecret === 'string') secrets.tsigSecret = s.tsigSecret;
  if (typeof s.sudoPassword === 'string') secrets.sudoPassword = s.sudoPassword;
  return { answers, secrets };
}

/** `~/x` is the user's home: nothing below a shell expands it, so a `~` folder would appear in the working directory. */
const expandHome = (path: string): string => (path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);

export function parseAnswersYaml(text: string, file = 'answers'): { answers: Answers; secrets: Secrets } {
  // uniqueKeys makes a key given twice an error instead of "last one wins".
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) throw new AnswersFileError(file, doc.errors.map((e) => e.message.split('\n')[0]!));
  return answersFromObject(doc.toJS(), file);
}

export async function loadAnswersFile(file: string): Promise<{ answers: Answers; secrets: Secrets }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AnswersFileError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseAnswersYaml(text, file);
}
