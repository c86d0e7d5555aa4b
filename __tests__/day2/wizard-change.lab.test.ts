// The wizard's side of a day-two change (cli/wizard-change.ts) on a set-up
// lab VPS, without a terminal: the same plan as the command, nothing changed
// until run() is called, nothing changed at all on cancel(), the change and
// its checks on run(), and not one byte written to this process's stdout
// (the screens draw there). A refused change throws with the reason.
import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { openChange } from '../../src/cli/wizard-change.js';
import { unattendedIo } from '../../src/session/session.js';
import type { ChangeRequest } from '../../src/day2/change-request.js';
import { forwardAdd, forwardRemove } from '../../src/day2/forward-plan.js';
import { senderAction } from '../../src/day2/senders-plan.js';
import type { Remote } from '../../src/remote/types.js';
import { type LabTarget } from '../helpers/provision.js';
import { canRunLab, setUpDay2 } from './helpers.js';

const maybe = canRunLab ? describe : describe.skip;

maybe('wizard changes on the lab', () => {
  let target: LabTarget;
  let remote: Remote;
  let stateDir: string;

  beforeAll(async () => {
    ({ target, stateDir, remote } = await setUpDay2('wizard-change'));
  }, 600000);

  afterAll(async () => {
    await remote?.close();
  });

  const open = (change: ChangeRequest) => {
    const { answers, secrets, resolver, caFile } = target.run;
    return openChange({ answers, secrets, resolver, caFile }, stateDir, unattendedIo(answers, secrets), change);
  };
  const aliases = async () => (await remote.readFile(`/etc/chasquid/domains/${target.run.answers.domain}/aliases`))?.toString('utf8') ?? '';

  test('an alias line: planned, cancelled (nothing changes), then added and removed with its checks, stdout untouched', async () => {
    const { domain } = target.run.answers;
    const user = `team${randomBytes(2).toString('hex')}`;
    const to = `${user}@${target.info.inbox.domain}`;
    const before = await aliases();
    const stdout = jest.spyOn(process.stdout, 'write');
    try {
      const cancelled = await open({ mode: 'forward', action: forwardAdd(user, to) });
      expect(cancelled.command).toBe(`mailsetup forward add ${user} ${to}`);
      expect(cancelled.plan[0]).toBe(`Change forwarding in /etc/chasquid/domains/${domain}/aliases:`);
      expect(cancelled.plan).toContain(`  - ${user}@${domain}: (none) -> ${to}`);
      await cancelled.cancel();
      expect(await aliases()).toBe(before);

      const add = await open({ mode: 'forward', action: forwardAdd(user, to) });
      const lines: string[] = [];
      const added = await add.run((l) => lines.push(`${l.tone}:${l.text}`));
      expect(added.error).toBeUndefined();
      expect(lines).toContain('ok:forwarding changed');
      expect(added.checks.find((c) => c.id === `receiving.alias.${user}`)).toMatchObject({ status: 'ok', title: `${user}@${domain} forwards to ${to}` });
      expect(added.ok).toBe(true);
      expect(await aliases()).toContain(`${user}: ${to}`);

      const again = await open({ mode: 'forward', action: forwardAdd(user, to) });
      expect(again.nothing).toMatch(/Nothing to change/);
      await again.cancel();

      const remove = await open({ mode: 'forward', action: forwardRemove(user) });
      const removed = await remove.run(() => undefined);
      expect(removed.ok).toBe(true);
      expect(await aliases()).toBe(before);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
    }
  }, 120000);

  test('a change the server refuses throws with the reason and the fix', async () => {
    const stranger = `nobody${randomBytes(2).toString('hex')}@${target.run.answers.domain}`;
    await expect(open({ mode: 'senders', action: senderAction('remove', stranger) })).rejects.toThrow(/is not a sender on this server \(see `mailsetup senders list`\)/);
    await expect(open({ mode: 'senders', action: senderAction('add', 'i@elsewhere.test') })).rejects.toThrow(/does not serve elsewhere\.test.*mailsetup domain add elsewhere\.test/);
  }, 60000);
});
