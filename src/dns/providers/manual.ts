// The "manual" provider: the user types the records into their DNS panel.
// upsert has nothing to do; describe gives the instructions, and
// waitForRecords (wait.ts) watches DNS until the records appear.
import { fqdn } from '../types.js';
import { renderDiff } from './diff.js';
import type { DnsProvider, RecordChange } from './types.js';

export function manualProvider(domain: string): DnsProvider {
  return {
    name: 'manual',
    async upsert() {
      // The person is the provider; mailsetup waits for the result instead.
    },
    describe(changes: RecordChange[]) {
      const todo = changes.filter((c) => c.action !== 'keep');
      if (todo.length === 0) return `Every record for ${fqdn(domain)} is already published.\n`;
      return [
        `In the DNS panel of ${fqdn(domain)}, make these changes (+ add, ~ replace the "-" value with the "+" one).`,
        'Leave every other record as it is. Long TXT values go in as one value; panels split them when needed.',
        '',
        renderDiff(todo),
      ].join('\n');
    },
  };
}
