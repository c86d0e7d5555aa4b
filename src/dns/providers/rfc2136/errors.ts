// Turns an UPDATE reply's RCODE (and TSIG error) into a sentence that says
// what to do. Never includes the secret.

const RCODES: Record<number, string> = {
  1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED', 6: 'YXDOMAIN',
  7: 'YXRRSET', 8: 'NXRRSET', 9: 'NOTAUTH', 10: 'NOTZONE',
};

export const rcodeName = (rcode: number): string => RCODES[rcode] ?? `RCODE ${rcode}`;

export class DnsUpdateError extends Error {
  constructor(readonly rcode: string, readonly tsigError: string | undefined, message: string) {
    super(message);
    this.name = 'DnsUpdateError';
  }
}

export function updateError(rcode: number, tsigError: string | undefined, ctx: { zone: string; keyName: string; server: string }): DnsUpdateError {
  const name = rcodeName(rcode);
  const code = tsigError ? `${name}/${tsigError}` : name;
  const say = (text: string) => new DnsUpdateError(name, tsigError, `${text} (${code} from ${ctx.server})`);
  switch (tsigError) {
    case 'BADSIG':
      return say(`the DNS server refused the update: the signature does not match, so the TSIG secret for key "${ctx.keyName}" is wrong; check the secret (and the algorithm)`);
    case 'BADKEY':
      return say(`the DNS server refused the update: it does not know a TSIG key named "${ctx.keyName}" with that algorithm; check the TSIG key name and algorithm`);
    case 'BADTIME':
      return say("the DNS server refused the update: this computer's clock differs from the server's by more than 5 minutes; fix the clock (NTP) and retry");
  }
  switch (name) {
    case 'NOTAUTH':
      return say(`the DNS server refused the update: it is not authoritative for ${ctx.zone} or did not accept the TSIG key; check the zone name, the TSIG key name and secret`);
    case 'REFUSED':
      return say(`the DNS server refused the update: check the TSIG key name and secret, and that the zone ${ctx.zone} allows updates with key "${ctx.keyName}" (allow-update / update-policy)`);
    case 'NOTZONE':
      return say(`a record name is outside the zone ${ctx.zone}; check the zone name`);
    case 'SERVFAIL':
      return say('the DNS server failed to apply the update; look at its logs (a read-only zone file or journal is a common cause)');
    case 'NOTIMP':
      return say('the DNS server does not support dynamic updates (RFC 2136); use another provider or the manual one');
    case 'FORMERR':
      return say('the DNS server could not parse the update; this is a mailsetup bug, please report it');
    default:
      return say(`the DNS server rejected the update`);
  }
}
