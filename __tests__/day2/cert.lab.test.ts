// `mailsetup cert renew` on a set-up lab VPS: lego against the lab's ACME
// server issues a new certificate at once, chasquid serves it on 465, and
// the next scheduled renewal is shown.
import { execa } from 'execa';
import { renewCommand } from '../../src/day2/cert-renew.js';
import { sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import type { StepContext } from '../../src/tasks/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, cliEnv, root, setUpDay2 } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const maybe = canRunLab ? describe : describe.skip;

test('the renew command forces lego and keeps the credentials on the server', () => {
  const ctx = { answers: { domain: 'example.com', hostname: 'smtp.example.com', tls: { client: 'lego', dnsProvider: 'cloudflare', email: 'p@example.com' } } } as unknown as StepContext;
  const text = renewCommand(ctx).text;
  expect(text).toMatch(/\. \/etc\/mailsetup\/dns-credentials\.env/);
  expect(text).toMatch(/renew --days 36500 \$sleep_flag --renew-hook \/etc\/mailsetup\/reload-chasquid\.sh/);
  // acme.sh: only the pinned release runs, its files checked before the renewal.
  const acme = renewCommand({ ...ctx, answers: { ...ctx.answers, tls: { ...ctx.answers.tls, client: 'acme.sh', dnsProvider: 'dns_cf' } } } as StepContext).text;
  expect(acme).toMatch(/sha256sum/);
  expect(acme).toMatch(/--renew -d example\.com --ecc --force$/);
});

maybe('mailsetup cert renew on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('cert'));
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const served = async () =>
    (
      await remote.exec(
        sh`echo | openssl s_client -connect 127.0.0.1:465 -servername ${target.run.answers.hostname} 2>/dev/null | openssl x509 -noout -fingerprint -sha256`,
      )
    ).stdout.trim();

  test('renews now, chasquid serves the new certificate, next renewal shown', async () => {
    const before = await served();
    const r = await execa('node', [CLI_ENTRY, 'cert', 'renew', '--yes', '--lab', '--state-dir', stateDir], { cwd: root, env: cliEnv(stateDir), reject: false });
    expect(r.stderr).toBe('');
    // The whole output on failure: it says which check failed and why.
    expect({ exitCode: r.exitCode, stdout: r.stdout }).toMatchObject({ exitCode: 0 });
    expect(r.stdout).toMatch(/new certificate, valid until \d{4}-\d\d-\d\d/);
    expect(r.stdout).toMatch(/next scheduled renewal: .*mailsetup-certificate\.timer/);
    expect(r.stdout).toMatch(/✓ chasquid serves this certificate on 465/);
    const after = await served();
    expect(after).toMatch(/Fingerprint=/);
    expect(after).not.toBe(before);
  }, 180000);
});
