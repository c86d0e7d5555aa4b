// Zone files the lab's DNS starts with. Every zone but provider.test takes
// TSIG-signed dynamic updates, so the wizard can publish records (A, MX,
// SPF, DKIM, DMARC, ACME challenges, PTR) the way it would through a
// provider's API, and tests can list an address on the blocklist.
import {
  BLOCKLIST_ZONE, INBOX_DOMAIN, OS_SPECS, PROVIDER_ZONE, ALL_OS,
  genericPtr, powerdnsZone, vpsIpv4, vpsIpv6, type LabConfig,
} from './config.js';
import type { LabOs } from './types.js';
import { reverseName, reverseZone } from './addr.js';

export interface ZoneSpec {
  name: string;
  updatable: boolean;
  records: string[]; // owner names absolute (with trailing dot)
}

/** The name server every lab zone names (in example.test). */
export const NS = `ns1.${OS_SPECS.debian12.zone}.`;

/** The cut of PowerDNS's mail domain in its parent zone (src/lab/powerdns.ts). */
const delegation = (os: LabOs) => `${powerdnsZone(os)}. IN NS ${NS}`;

export function zoneText(z: ZoneSpec): string {
  return [
    '$TTL 60',
    // Short timers: tests read back what they just wrote.
    `${z.name}. IN SOA ${NS} hostmaster.${OS_SPECS.debian12.zone}. 1 60 60 600 60`,
    `${z.name}. IN NS ${NS}`,
    ...z.records,
    '',
  ].join('\n');
}

export function labZones(cfg: LabConfig): ZoneSpec[] {
  const v4 = reverseZone(cfg.hostIpv4);
  const v6 = reverseZone(cfg.hostIpv6);
  const mx = `mx.${INBOX_DOMAIN}.`;
  const vpsPtr4 = ALL_OS.map((os) => `${reverseName(vpsIpv4(cfg, os))}. IN PTR ${genericPtr(cfg, os)}.`);
  const vpsPtr6 = ALL_OS.map((os) => `${reverseName(vpsIpv6(cfg, os))}. IN PTR ${genericPtr(cfg, os)}.`);
  return [
    {
      // The lab's own mail domain; the wizard adds smtp.example.test and the
      // rest. Its NS host lives here too.
      name: OS_SPECS.debian12.zone,
      updatable: true,
      records: [`${NS} IN A ${cfg.hostIpv4}`, `${NS} IN AAAA ${cfg.hostIpv6}`, delegation('debian12')],
    },
    // A second mail domain, so both VPSes can be set up side by side.
    { name: OS_SPECS.debian13.zone, updatable: true, records: [delegation('debian13')] },
    {
      name: INBOX_DOMAIN,
      updatable: true,
      records: [`${INBOX_DOMAIN}. IN MX 10 ${mx}`, `${mx} IN A ${cfg.inboxIpv4}`, `${mx} IN AAAA ${cfg.inboxIpv6}`],
    },
    {
      // Generic names a hosting provider gives a fresh VPS (forward side of
      // the initial PTR).
      name: PROVIDER_ZONE,
      updatable: false,
      records: ALL_OS.flatMap((os) => [
        `${genericPtr(cfg, os)}. IN A ${vpsIpv4(cfg, os)}`,
        `${genericPtr(cfg, os)}. IN AAAA ${vpsIpv6(cfg, os)}`,
      ]),
    },
    {
      // zen-style: a listed address answers 127.0.0.2; 127.0.0.2 itself is
      // always listed (the usual test entry).
      name: BLOCKLIST_ZONE,
      updatable: true,
      records: [
        `2.0.0.127.${BLOCKLIST_ZONE}. IN A 127.0.0.2`,
        `2.0.0.127.${BLOCKLIST_ZONE}. IN TXT "test entry"`,
      ],
    },
    {
      name: v4,
      updatable: true,
      records: [
        `${reverseName(cfg.hostIpv4)}. IN PTR ${NS}`,
        `${reverseName(cfg.inboxIpv4)}. IN PTR ${mx}`,
        ...vpsPtr4,
      ],
    },
    {
      name: v6,
      updatable: true,
      records: [
        `${reverseName(cfg.hostIpv6)}. IN PTR ${NS}`,
        `${reverseName(cfg.inboxIpv6)}. IN PTR ${mx}`,
        ...vpsPtr6,
      ],
    },
  ];
}
