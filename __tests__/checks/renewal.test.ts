import { newestChange } from '../../src/checks/backup.js';
import { renewalServer } from '../../src/checks/renewal.js';

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
