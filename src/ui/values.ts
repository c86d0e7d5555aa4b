// Between the flat values the screens edit and the typed answers: the same
// schema check as an answers file runs on what a person typed.
import { answersFromObject } from '../state/answers-file.js';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';
import type { Values } from './wizard-screens.js';

const NUMBER_KEYS = new Set(['host.port']);
const BOOLEAN_KEYS = new Set(['ipv6.enable', 'backup.includeDkimKey', 'tls.caa', 'tls.dane']);
const LIST_KEYS = new Set(['senders']);

export function valuesFromAnswers(answers: Partial<Answers> | undefined, secrets?: Secrets): Values {
  const values: Values = {};
  const walk = (node: unknown, prefix: string) => {
    if (node === undefined || node === null) return;
    if (Array.isArray(node)) values[prefix] = node.join(', ');
    else if (typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
    else values[prefix] = String(node);
  };
  walk(answers, '');
  if (secrets?.tsigSecret) values['secrets.tsigSecret'] = secrets.tsigSecret;
  for (const [name, value] of Object.entries(secrets?.dnsCredentials ?? {})) values[`secrets.dnsCredentials.${name}`] = value;
  return values;
}

export function answersFromValues(values: Values, extraSecrets?: Secrets): { answers: Answers; secrets: Secrets } {
  const doc: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    if (raw === '') continue;
    const value: unknown = NUMBER_KEYS.has(key)
      ? Number(raw)
      : BOOLEAN_KEYS.has(key)
        ? raw === 'true'
        : LIST_KEYS.has(key)
          ? raw.split(',').map((s) => s.trim()).filter(Boolean)
          : raw;
    // Provider credentials are one map: secrets.dnsCredentials.NAME -> its value.
    const parts = key.startsWith('secrets.dnsCredentials.') ? ['secrets', 'dnsCredentials', key.slice('secrets.dnsCredentials.'.length)] : key.split('.');
    let node = doc;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  const result = answersFromObject(doc, 'your answers');
  if (extraSecrets) {
    result.secrets.senderPasswords = { ...extraSecrets.senderPasswords, ...result.secrets.senderPasswords };
    result.secrets.dnsCredentials = { ...extraSecrets.dnsCredentials, ...result.secrets.dnsCredentials };
    result.secrets.tsigSecret ??= extraSecrets.tsigSecret;
  }
  return result;
}
