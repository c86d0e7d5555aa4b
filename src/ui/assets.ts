// Facts the screens show, read from assets/ (not written into code).
import { readFileSync } from 'node:fs';

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
}

export function hostProfiles(): HostProfile[] {
  return (JSON.parse(readFileSync(asset('hosts.json'), 'utf8')) as { profiles: HostProfile[] }).profiles;
}

export function dnsProviders(client: 'acme.sh' | 'lego'): DnsProviderProfile[] {
  const file = JSON.parse(readFileSync(asset(`providers/${client}.json`), 'utf8')) as {
    providers: Record<string, { title: string; required: string[]; optional?: string[] }>;
  };
  return Object.entries(file.providers).map(([id, p]) => ({ id, title: p.title, required: p.required, optional: p.optional ?? [] }));
}
