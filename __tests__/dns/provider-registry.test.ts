// The provider registry is the only list of DNS providers: every entry
// describes each credential well enough for the certificate screen, codes
// and variable names are unambiguous, and lookups are own-property only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientProviders, findClientProvider, PROVIDERS, type CertClient } from '../../src/dns/providers/registry/index.js';
import { credentialQuestions } from '../../src/ui/credential-fields.js';
import { dnsProviders } from '../../src/ui/assets.js';
import { importEdges } from '../helpers/rooms.js';

const root = join(import.meta.dirname ?? process.cwd(), '../..');
const CLIENTS: CertClient[] = ['lego', 'acme.sh'];

describe.each(PROVIDERS.map((p) => [p.id, p] as const))('provider %s', (_id, entry) => {
  test('has a title, at least one client and credentials for each client it has', () => {
    expect(entry.title.trim()).not.toBe('');
    const clients = CLIENTS.filter((c) => entry.clients[c]);
    expect(clients.length).toBeGreaterThan(0);
    for (const c of clients) expect(entry.credentials.filter((f) => f.env[c] && !f.optional).length).toBeGreaterThan(0);
  });

  test.each(entry.credentials.map((f) => [f.label, f] as const))('credential %s: label, what to create, panel URL, permission, secret or not', (_label, f) => {
    expect(f.label.trim().length).toBeGreaterThan(1);
    expect(f.create.trim().length).toBeGreaterThan(5);
    expect(f.panelUrl).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/|$)/);
    expect(f.permission.trim().length).toBeGreaterThan(3);
    expect(typeof f.secret).toBe('boolean');
    const names = Object.values(f.env);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  test('a client reads each variable from one field only', () => {
    for (const c of CLIENTS) {
      const names = entry.credentials.flatMap((f) => (f.env[c] ? [f.env[c]] : []));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  test('plugins name their docs; a client without a plugin has no variables', () => {
    for (const c of CLIENTS) {
      const plugin = entry.clients[c];
      if (plugin) expect(plugin.docs).toMatch(/^https:\/\//);
      else expect(entry.credentials.some((f) => f.env[c])).toBe(false);
    }
  });
});

test('ids are unique, and each client code belongs to one provider', () => {
  expect(new Set(PROVIDERS.map((p) => p.id)).size).toBe(PROVIDERS.length);
  for (const c of CLIENTS) {
    const codes = PROVIDERS.flatMap((p) => (p.clients[c] ? [p.clients[c].code] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(clientProviders(c)).sort()).toEqual([...codes].sort());
  }
});

test('lookups are own properties only', () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    for (const c of CLIENTS) expect(findClientProvider(c, name)).toBeUndefined();
  }
  expect(findClientProvider('acme.sh', 'dns_cf')?.entry.id).toBe('cloudflare');
  expect(findClientProvider('lego', 'dns_cf')).toBeUndefined();
});

test('the certificate screen asks every field of every provider with its description; secrets masked, identifiers shown', () => {
  let asked = 0;
  for (const c of CLIENTS) {
    for (const provider of dnsProviders(c)) {
      const questions = credentialQuestions(provider);
      expect(questions.map((q) => q.key)).toEqual(provider.fields.map((f) => `secrets.dnsCredentials.${f.name}`));
      questions.forEach((q, i) => {
        const f = provider.fields[i]!;
        expect(q.kind).toBe(f.secret ? 'secret' : 'text');
        expect(q.hint).toContain(f.panelUrl);
        expect(q.hint).toContain(f.permission);
        expect(q.label).toContain(f.label);
        asked++;
      });
    }
  }
  expect(asked).toBeGreaterThan(30);
  const cf = dnsProviders('lego').find((p) => p.id === 'cloudflare')!;
  expect(credentialQuestions(cf)[0]).toMatchObject({ kind: 'secret', label: 'API token:' });
  expect(credentialQuestions(cf)[0]!.hint).toContain('Zone → DNS → Edit');
});

test('the registry imports nothing outside itself, and state imports nothing of dns but the registry', () => {
  const registry = 'src/dns/providers/registry/';
  const edges = importEdges(root);
  expect(edges.filter((e) => e.from.startsWith(registry) && !e.to.startsWith(registry))).toEqual([]);
  expect(edges.filter((e) => e.from.startsWith('src/state/') && e.to.startsWith('src/dns/') && !e.to.startsWith(registry))).toEqual([]);
  expect(edges.filter((e) => e.from.startsWith('src/state/') && e.to.startsWith(registry)).length).toBeGreaterThan(0);
});

test('adding a provider is one file and one line: the registry folder holds exactly the listed providers', () => {
  const dir = join(root, 'src/dns/providers/registry');
  const files = readdirSync(dir).filter((f) => !['index.ts', 'types.ts', 'exposure.ts', 'tuning.ts'].includes(f));
  const index = readFileSync(join(dir, 'index.ts'), 'utf8');
  expect(files.length).toBe(PROVIDERS.length);
  for (const f of files) expect(index).toContain(`from './${f.replace(/\.ts$/, '.js')}'`);
});
