// Facts the screens show, read from assets/ and the provider registry (not written into code).
import { readFileSync } from 'node:fs';
import { providerList } from '../state/acme-providers.js';
import type { ClientProvider } from '../dns/providers/registry/index.js';

const asset = (name: string) => new URL(`../../assets/${name}`, import.meta.url);

export interface HostProfile {
  id: string;
  title: string;
  port25: string;
  rdns: string;
  rdnsUrl: string;
  note?: string;
}

export interface DnsProviderProfile {
  id: string;
  title: string;
  required: string[];
  optional: string[];
  /** Each credential as the registry describes it, with the variable this client reads it from. */
  fields: ClientProvider['fields'];
  /** What this client's plugin exposes on the server's command lines, if anything. */
  exposesCredential?: string;
}

export function hostProfiles(): HostProfile[] {
  return (JSON.parse(readFileSync(asset('hosts.json'), 'utf8')) as { profiles: HostProfile[] }).profiles;
}

export function dnsProviders(client: 'acme.sh' | 'lego'): DnsProviderProfile[] {
  return Object.entries(providerList(client).providers).map(([id, p]) => ({
    id,
    title: p.title,
    required: p.required,
    optional: p.optional,
    fields: p.provider.fields,
    exposesCredential: p.provider.plugin.exposesCredential,
  }));
}

export interface ChasquidRelease {
  os: string;
  versionId: string;
  title: string;
  /** The packaged chasquid version, when known for the release. */
  chasquid?: string;
  dkim?: 'native' | 'hook';
}

export interface ChasquidFacts {
  releases: ChasquidRelease[];
  listeners: { port: number; use: string }[];
}

/** What the chasquid screen tells: the packaged version per release and the listeners; malformed data fails loudly. */
export function chasquidFacts(): ChasquidFacts {
  const data = JSON.parse(readFileSync(asset('chasquid/packages.json'), 'utf8')) as Partial<ChasquidFacts>;
  const bad = (what: string) => new Error(`assets/chasquid/packages.json: ${what}`);
  if (!Array.isArray(data.releases) || !Array.isArray(data.listeners)) throw bad('needs "releases" and "listeners" lists');
  for (const r of data.releases) {
    if (!r.os || !r.versionId || !r.title) throw bad(`a release needs os, versionId and title: ${JSON.stringify(r)}`);
    if (r.chasquid !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(r.chasquid)) throw bad(`${r.title}: chasquid "${r.chasquid}" is not a version like 1.11`);
    if (r.chasquid !== undefined && r.dkim !== 'native' && r.dkim !== 'hook') throw bad(`${r.title}: dkim must be "native" or "hook"`);
  }
  for (const l of data.listeners) if (!Number.isInteger(l.port) || !l.use) throw bad(`a listener needs a port and a use: ${JSON.stringify(l)}`);
  return data as ChasquidFacts;
}
