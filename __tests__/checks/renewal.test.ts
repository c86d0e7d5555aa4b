import { newestChange } from '../../src/checks/backup.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renewalServer, urlFromScript } from '../../src/checks/renewal.js';
import { sh } from '../../src/remote/quote.js';
import { localBashRemote } from '../helpers/local-bash-remote.js';

describe('renewal and backup freshness: reading what the server shows', () => {
  it('finds the ACME server in the renew script, quoted as mailsetup writes it', () => {
    expect(renewalServer("exec lego '--email' 'a@b' '--server' 'https://10.77.1.1:14000/dir' renew")).toBe('https://10.77.1.1:14000/dir');
    expect(renewalServer('acme.sh --renew --server https://acme.example/dir')).toBe('https://acme.example/dir');
    expect(renewalServer('exec lego renew')).toBe('https://acme-v02.api.letsencrypt.org/directory');
  });

  it('takes the newest change among the files the backup keeps (not the TLS key, nor a .bak)', () => {
    const out = ['1700000000.5 /etc/chasquid/chasquid.conf', '1800000000.1 /etc/chasquid/certs/smtp.x/privkey.pem',
      '1750000000.0 /etc/chasquid/chasquid.conf.mailsetup-20240101.bak', '1710000000 /etc/chasquid/domains/x/aliases', ''].join('\0');
    expect(newestChange(out, false)).toEqual({ path: '/etc/chasquid/domains/x/aliases', at: 1710000000 });
    expect(newestChange('', false)).toBeUndefined();
  });
});

describe('the ACME server found in the renew script on the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailsetup-renew-script-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The server's guess (urlFromScript) lets the fetch start early; it must
  // name what renewalServer reads, or nothing when the script names none.
  test.each([
    "#!/bin/sh\nset -eu\nexec lego '--accept-tos' '--email' postmaster@example.test '--server' https://10.77.2.1:14000/dir '-d' example.test renew --days 30\n",
    "exec lego '--email' 'a@b' '--server' 'https://10.77.1.1:14000/dir' renew\n",
    'acme.sh --renew --server https://acme.example/dir --home /x\n',
    'exec lego renew\n',
  ])('%j', async (script) => {
    const file = join(dir, 'renew.sh');
    writeFileSync(file, script);
    const guessed = (await localBashRemote().exec(sh`${urlFromScript(file)}; printf '%s' "$url"`)).stdout;
    const read = renewalServer(script);
    expect(guessed).toBe(read === 'https://acme-v02.api.letsencrypt.org/directory' ? '' : read);
  });
});
