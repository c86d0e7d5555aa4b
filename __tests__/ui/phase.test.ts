// The App's pure parts: which result page "summary" is, what the step list
// shows, and the passwords it makes up for new senders.
import { generatePassword } from '../../src/day2/sender-password.js';
import type { RunReport } from '../../src/ui/controller.js';
import { resultsAt, stepItems } from '../../src/ui/phase.js';
import type { ResultPage } from '../../src/ui/result-pages.js';
import { makeUpMissingPasswords } from '../../src/ui/sender-passwords.js';
import { emptySecrets } from '../../src/state/secrets.js';
import type { Answers } from '../../src/state/answers.js';

const page = (id: string): ResultPage => ({ id, title: id, why: '', lines: [] });
const report = { ok: false, checks: [] } as unknown as RunReport;

test('the Failed screen opens the summary page by its id, wherever the pages put it', () => {
  expect(resultsAt(report, ['records', 'rdns', 'sendas', 'summary'].map(page), 'summary')).toEqual({ kind: 'results', report, page: 3 });
  expect(resultsAt(report, ['summary', 'records'].map(page), 'summary')).toEqual({ kind: 'results', report, page: 0 });
});

test('the step list marks the page shown as current, the ones before as done, and a failed run as failed', () => {
  const pages = ['records', 'rdns', 'sendas', 'summary'].map(page);
  const items = stepItems({ kind: 'results', report, page: 1 }, pages);
  expect(items.find((i) => i.id === 'rdns')?.state).toBe('current');
  expect(items.find((i) => i.id === 'records')?.state).toBe('done');
  expect(items.find((i) => i.id === 'summary')?.state).toBe('pending');
  expect(items.find((i) => i.id === 'run')?.state).toBe('failed');
  expect(stepItems({ kind: 'changes' }, [])).toEqual([
    { id: 'welcome', title: 'Welcome', state: 'done' },
    { id: 'aside', title: 'Change the server', state: 'current' },
  ]);
});

test('a new sender without a password gets one from the same generator as `senders add --generate`; known senders and given passwords are kept', () => {
  const secrets = emptySecrets();
  secrets.senderPasswords['given@example.com'] = 'typed by the user';
  const answers = { senders: ['new@example.com', 'given@example.com', 'known@example.com'] } as unknown as Answers;
  expect(makeUpMissingPasswords(answers, secrets, ['known@example.com'])).toEqual(['new@example.com']);
  const made = secrets.senderPasswords['new@example.com']!;
  expect(made).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(made.length).toBe(generatePassword().length);
  expect(secrets.senderPasswords['given@example.com']).toBe('typed by the user');
  expect(secrets.senderPasswords['known@example.com']).toBeUndefined();
});
