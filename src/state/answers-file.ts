// Reads and validates `--answers FILE`: YAML with duplicate keys refused,
// every key checked against the schema, and every problem reported at once,
// each naming the key and what is expected.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { answersSchema, type Field } from './schema.js';
import { defaultAnswers, type Answers } from './answers.js';
import { validatePassword, validateSecret } from './validate.js';
import { emptySecrets, type Secrets } from './secrets.js';
import { recordsProviderProblem } from './records-provider.js';
import { credentialNamesProblem, defaultClient, providerProblem } from './acme-providers.js';
import { addressDomain, normalAddress, normalName } from './names.js';
import { shown } from './shown.js';

export class AnswersFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.length} problem(s) in the answers file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AnswersFileError';
  }
}

type Flat = Map<string, unknown>;

/** The schema's field for a key; own properties only, so `constructor` is no key. */
const schemaField = (key: string): Field | undefined => (Object.hasOwn(answersSchema, key) ? answersSchema[key] : undefined);

/** What a YAML value is, when it is not a plain string, number, boolean, list or mapping. */
function oddValue(value: unknown): string | null {
  if (value instanceof Set) return 'a YAML set (!!set)';
  if (value instanceof Map) return 'an ordered YAML mapping (!!omap or !!pairs)';
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (value instanceof Date) return 'a timestamp';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return 'a tagged YAML value';
  }
  return null;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && oddValue(value) === null;

/**
 * The document as `dotted.key -> value`. A key that holds a dot is refused:
 * `"host.address": X` beside `host: {address: Y}` would be the same key given
 * twice. A mapping where the schema wants a value is kept as that value, so
 * its type is refused by name instead of the mapping vanishing.
 */
function flatten(value: unknown, prefix: string, out: Flat, problems: string[]): void {
  const odd = oddValue(value);
  if (odd) {
    problems.push(`${prefix}: ${expected(schemaField(prefix))}got ${odd}: write it as plain YAML`);
    return;
  }
  if (isMapping(value) && !schemaField(prefix)) {
    for (const [k, v] of Object.entries(value)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (k.includes('.')) problems.push(`${key}: a key may not contain "." (write it nested, e.g. host: {address: ...}), so no key is given twice`);
      else flatten(v, key, out, problems);
    }
    return;
  }
  out.set(prefix, value);
}

const TYPE_WORDS: Record<Field['type'], string> = {
  string: 'a string',
  number: 'a whole number from 1 to 65535',
  boolean: 'true or false',
  'string[]': 'a list',
  map: 'a mapping',
};

const expected = (field: Field | undefined) => (field ? `expected ${TYPE_WORDS[field.type]} (${field.describe}), ` : '');

/** Longer than any answer or secret: refused before a validator's pattern runs over it. */
const MAX_VALUE = 10_000;

function checkField(key: string, field: Field, value: unknown): string | null {
  const show = field.secret ? '(hidden)' : shown(value);
  if (typeof value === 'string' && value.length > MAX_VALUE) return `${key}: ${field.secret ? 'the value' : show} is longer than ${MAX_VALUE} characters`;
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
        if (typeof item !== 'string') return `${key}[${i}]: expected a string, got ${shown(item)}`;
        const error = field.validate?.(item);
        if (error) return `${key}[${i}]: ${shown(item)} ${error}`;
      }
      return null;
    }
    case 'map': {
      if (!isMapping(value)) return `${key}: expected a mapping (${field.describe})`;
      for (const [k, v] of Object.entries(value)) {
        const keyError = field.validateKey?.(k);
        if (keyError) return `${key}: the key ${shown(k)} ${keyError}`;
        if (typeof v !== 'string') return `${key}.${k}: expected a string value`;
        const secretError = field.secret ? validateSecret(v) : null;
        if (secretError) return `${key}.${k}: the value ${secretError}`;
      }
      return null;
    }
  }
  if (field.oneOf && !field.oneOf.includes(value as string)) return `${key}: expected one of ${field.oneOf.join(', ')}, got ${show}`;
  const error = field.secret ? validateSecret(value as string) : field.validate?.(value as string);
  return error ? `${key}: ${field.secret ? 'the value' : show} ${error}` : null;
}

/** The value in its normal form (names.ts): lower-case domains without the final dot. */
function normalised(field: Field, value: unknown): unknown {
  const one = field.normal === 'name' ? normalName : field.normal === 'address' ? normalAddress : undefined;
  if (!one) return value;
  if (Array.isArray(value)) return value.map((v) => one(v as string));
  if (field.type === 'map') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [one(k), v]));
  return one(value as string);
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
    const field = schemaField(key);
    if (!field) {
      problems.push(`${key}: unknown key (known keys: see \`mailsetup --help\`)`);
      continue;
    }
    const error = checkField(key, field, value);
    if (error) problems.push(error);
    else setPath(given, key, field.localPath ? expandHome(value as string) : normalised(field, value));
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
  problems.push(...crossChecks(g));
  if (problems.length) throw new AnswersFileError(file, problems);

  const base = defaultAnswers(g.domain as string);
  const answers: Answers = {
    ...base,
    ...g,
    host: { user: 'root', port: 22, ...g.host } as Answers['host'],
    hostname: (g.hostname as string | undefined) ?? base.hostname,
    ipv6: { ...base.ipv6, ...g.ipv6 },
    tls: { ...base.tls, client: defaultClient(g.tls?.dnsProvider), ...g.tls },
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

/**
 * What one key cannot say alone. A sender outside the mail domain would make
 * chasquid treat that domain as local (mail to gmail.com would stop leaving);
 * the DNS provider reaches the ACME client's command line, and each
 * credential name is exported as root on the server: both from the list.
 */
function crossChecks(g: Record<string, any>): string[] {
  const problems: string[] = [];
  const domain = g.domain as string | undefined;
  (g.senders as string[] | undefined)?.forEach((sender, i) => {
    if (domain && addressDomain(sender) !== domain) {
      problems.push(
        `senders[${i}]: ${shown(sender)} is not an address of ${domain}, the mail domain of this server: a sender must be one ` +
          `(another domain of yours can be added later with \`mailsetup domain add\`, then its senders)`,
      );
    }
  });
  const provider = g.tls?.dnsProvider as string | undefined;
  const client = (g.tls?.client ?? defaultClient(provider)) as Answers['tls']['client'];
  if (provider !== undefined) {
    const problem = providerProblem(client, provider);
    if (problem) problems.push(`tls.dnsProvider: ${shown(provider)} ${problem}`);
    const names = Object.keys((g.secrets?.dnsCredentials ?? {}) as Record<string, string>);
    const namesProblem = credentialNamesProblem(client, provider, names);
    if (namesProblem) problems.push(`secrets.dnsCredentials: ${namesProblem}`);
  }
  const records = g.dns?.provider as string | undefined;
  const recordsProblem = records && provider !== undefined ? recordsProviderProblem(records, client, provider) : null;
  if (recordsProblem) problems.push(`dns.provider: ${recordsProblem}`);
  return problems;
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
