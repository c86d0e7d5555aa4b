// The certificate screen's credential questions, generated from the
// provider registry: what each credential is, where to create it and the
// least permission it needs; a secret is masked, an identifier is shown.
import type { DnsProviderProfile } from './assets.js';

export interface CredentialQuestion {
  key: string;
  label: string;
  kind: 'text' | 'secret';
  optional: boolean;
  hint: string;
}

export function credentialQuestions(provider: DnsProviderProfile): CredentialQuestion[] {
  return provider.fields.map((f) => ({
    key: `secrets.dnsCredentials.${f.name}`,
    label: `${f.label}${f.optional ? ' (optional)' : ''}:`,
    kind: f.secret ? 'secret' : 'text',
    optional: Boolean(f.optional),
    hint: `Create ${f.create} at ${f.panelUrl}. Permission: ${f.permission}. (${f.name})`,
  }));
}

/** The certificate screen's note on the chosen client and provider: what acme.sh would expose, and the way round it. */
export function credentialExposureNote(client: string, provider: DnsProviderProfile | undefined): string[] {
  if (client !== 'acme.sh' || !provider?.exposesCredential) return [];
  return [
    `Note: ${provider.exposesCredential}.`,
    'Every local user of the server can see it then. lego (the default) keeps it off command lines: choose lego unless only you log in to the server.',
  ];
}
