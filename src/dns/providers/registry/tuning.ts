// lego's optional tuning variables of a provider (polling interval,
// propagation timeout, TTL...), described once for every registry entry.
import type { CredentialField } from './types.js';

export function legoTuning(prefix: string, names: readonly string[], docs: string): CredentialField[] {
  return names.map((name) => ({
    env: { lego: name },
    label: `lego's ${name.slice(prefix.length).toLowerCase().replace('_', ' ')} (seconds)`,
    secret: false,
    optional: true,
    create: "nothing: a tuning value; lego's default suits most servers",
    panelUrl: docs,
    permission: 'none',
  }));
}
