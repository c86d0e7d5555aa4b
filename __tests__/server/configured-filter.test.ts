// onConfiguredFilter's command chooses the filter on the server: here it runs
// in a local bash, the setting file moved to a temporary folder, and must
// pick exactly the filter spamFilterNamed reads from the same file (the word trimmed), and
// run nothing for a word mailsetup does not know.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raw } from '../../src/remote/quote.js';
import { onConfiguredFilter, readSpamFilterSetting, spamFilterNamed, spamFilterSetting } from '../../src/server/spam-filter.js';
import { localBashRemote } from '../helpers/local-bash-remote.js';

const dir = mkdtempSync(join(tmpdir(), 'mailsetup-configured-filter-'));
const setting = join(dir, 'spam-filter');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The setting read from the temporary file instead of /etc/chasquid.
const localRemote = localBashRemote((c) => c.split(spamFilterSetting).join(setting));

const probe = () => onConfiguredFilter(localRemote, (f) => raw(`echo "ran for ${f.id}"; exit 3`));

test.each([
  ['spamassassin\n', 'spamassassin'],
  ['  rspamd \n', 'rspamd'],
])('%j: runs the command of the filter named, and says which', async (content, id) => {
  writeFileSync(setting, content);
  const got = await probe();
  expect(got.filter?.id).toBe(id);
  expect(got.run).toMatchObject({ code: 3, stdout: `ran for ${id}\n` });
  expect(spamFilterNamed((await localRemote.exec(readSpamFilterSetting)).stdout)?.id).toBe(id);
});

test.each([['none\n'], ['*\n'], ['spamassassin\nrspamd\n'], ['']])('%j: no filter, nothing run', async (content) => {
  writeFileSync(setting, content);
  const got = await probe();
  expect(got.filter).toBeUndefined();
  expect(got.run).toMatchObject({ code: 0, stdout: '' });
  expect(spamFilterNamed((await localRemote.exec(readSpamFilterSetting)).stdout)).toBeUndefined();
});

test('no setting file: no filter, nothing run', async () => {
  rmSync(setting, { force: true });
  const got = await probe();
  expect(got.filter).toBeUndefined();
  expect(got.run).toMatchObject({ code: 0, stdout: '' });
});
