// The server facts the provider tests publish records for: example.test with
// an IPv4 and an IPv6 address, a DKIM key longer than 255 bytes (two TXT
// strings) and a DMARC policy with a report address.
export const DKIM = 'sel._domainkey.example.test\tTXT\t"v=DKIM1; k=rsa; p=' + 'A'.repeat(392) + '"';

export const facts = {
  domain: 'example.test',
  hostname: 'smtp.example.test',
  ipv4: ['192.0.2.10'],
  ipv6: ['2001:db8::10'],
  dkim: { selector: 'sel', publicRecord: DKIM },
  dmarc: { p: 'quarantine' as const, fo: '1', rua: ['rua@example.test'] },
};
