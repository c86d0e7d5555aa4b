import { parseForwardWords, planForward } from '../../src/day2/forward-plan.js';

describe('forwarding changes', () => {
  test('words', () => {
    expect(parseForwardWords([])).toEqual({ verb: 'list' });
    expect(parseForwardWords(['to', 'Me@Gmail.com'])).toEqual({ verb: 'to', mailbox: 'me@gmail.com' });
    expect(parseForwardWords(['add', 'sales', 'a@x.com,b@y.com'])).toEqual({ verb: 'add', user: 'sales', targets: 'a@x.com, b@y.com' });
    expect(parseForwardWords(['remove', '*'])).toEqual({ verb: 'remove', user: '*' });
    expect(() => parseForwardWords(['add', 'sales', '|/bin/sh'])).toThrow(/is not an email address/);
    expect(() => parseForwardWords(['add', 'sa les', 'a@x.com'])).toThrow(/not a local part/);
    expect(() => parseForwardWords(['to'])).toThrow(/needs the mailbox/);
    expect(() => parseForwardWords(['frobnicate'])).toThrow(/unknown "forward frobnicate"/);
  });

  const file = '# mine\ni: old@gmail.com\nsales: team@corp.test\n*: old@gmail.com\n';

  test('to: every line that went to the old mailbox moves, others and comments stay', () => {
    const plan = planForward(file, { verb: 'to', mailbox: 'new@gmail.com' }, 'old@gmail.com', 'ex.test');
    expect(plan.next).toBe('# mine\ni: new@gmail.com\nsales: team@corp.test\n*: new@gmail.com\n');
    expect(plan.changes).toEqual(['i@ex.test: old@gmail.com -> new@gmail.com', '*@ex.test (every other address): old@gmail.com -> new@gmail.com']);
  });

  test('add and remove one line; nothing to do is no change', () => {
    expect(planForward(file, { verb: 'add', user: 'info', targets: 'x@y.test' }, undefined, 'ex.test').next).toBe(`${file}info: x@y.test\n`);
    expect(planForward(file, { verb: 'remove', user: 'sales' }, undefined, 'ex.test').next).toBe('# mine\ni: old@gmail.com\n*: old@gmail.com\n');
    expect(planForward(file, { verb: 'remove', user: 'nobody' }, undefined, 'ex.test').changes).toEqual([]);
    expect(planForward(file, { verb: 'add', user: 'sales', targets: 'team@corp.test' }, undefined, 'ex.test').changes).toEqual([]);
  });
});
