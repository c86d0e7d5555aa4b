// A step that fails with a secret in its error text (a tool that echoed a
// token, a provider's error quoting the request): the state file and the
// run's outcome must not carry the secret, since the state is kept on disk
// and the outcome is printed.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAnswers, type Answers } from '../../src/state/answers.js';
import { emptySecrets } from '../../src/state/secrets.js';
import { StateStore } from '../../src/state/store.js';
import { runSteps } from '../../src/tasks/runner.js';
import type { Step, StepContext } from '../../src/tasks/types.js';
import type { Remote } from '../../src/remote/types.js';

const SECRETS = { sender: 'sender-pw-1234', tsig: 'dHNpZy1zZWNyZXQtdmFsdWU=', token: 'cf-token-abcdef' };

function failingStep(message: string): Step {
  return {
    id: 'leaky',
    title: 'Leaky',
    why: 'fails with a secret in its message',
    reads: [],
    tasks: () => [{ title: 'fail', task: () => Promise.reject(new Error(message)) }],
    verify: async () => [],
  };
}

describe('a failing step does not persist or print a secret', () => {
  test('the state file records the failure without any secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailsetup-redact-'));
    try {
      const answers = { ...defaultAnswers('example.com'), host: { address: '203.0.113.7', user: 'root', port: 22 } } as Answers;
      const secrets = emptySecrets();
      secrets.senderPasswords['me@example.com'] = SECRETS.sender;
      secrets.tsigSecret = SECRETS.tsig;
      secrets.dnsCredentials.CF_Token = SECRETS.token;
      const store = await StateStore.open(dir, 'root', '203.0.113.7', 22);
      const ctx: StepContext = { remote: {} as Remote, answers, secrets, facts: {}, dryRun: false, log: () => undefined };
      const message = `provider said: bad token ${SECRETS.token} (tsig ${SECRETS.tsig}, login ${SECRETS.sender})`;
      const outcome = await runSteps({ steps: [failingStep(message)], ctx, store, renderer: 'silent' });
      expect(outcome.ok).toBe(false);
      const saved = readFileSync(store.file, 'utf8');
      expect(saved).toMatch(/"status": "failed"/);
      expect(saved).toContain('provider said: bad token');
      for (const secret of Object.values(SECRETS)) {
        expect(saved).not.toContain(secret);
        expect(outcome.error?.message ?? '').not.toContain(secret);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
