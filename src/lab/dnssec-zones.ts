// What `lab up --dnssec` signs, and how. The lab's mail domains sit under
// `test.`, which the lab did not serve: a DS needs a parent zone, and a
// validator needs a trust anchor above the mail domain, as the root is for
// a real domain. So the signed lab serves `test.` itself (signed, holding
// the NS cut and DS of each lab zone under it) and its validating resolver
// trusts `test.`'s key: trust anchor -> DS in `test.` -> the mail domain's
// DNSKEY, the chain a registrar's TLD gives a real domain. Keys are made by
// named itself (dnssec-policy, inline signing) at each fresh start.
import { ALL_OS, OS_SPECS, type LabConfig } from './config.js';
import { NS, labZones, type ZoneSpec } from './dns-zones.js';

/** The parent zone the signed lab serves: its key is the resolver's trust anchor. */
export const SIGNED_PARENT = 'test';
export const DNSSEC_POLICY = 'mailsetup-lab';

/** The VPSes' mail domains: signed, with their DS in the parent. */
export const signedMailZones = (): string[] => ALL_OS.map((os) => OS_SPECS[os].zone);

/** Every zone named signs in the signed lab: the parent first. */
export const signedZones = (): string[] => [SIGNED_PARENT, ...signedMailZones()];

/**
 * One combined signing key (ECDSA P-256, never rolled: the lab lives for a
 * test run) and TTLs as short as the lab's zones, so a test's change (a DS
 * replaced) is what the resolver sees next.
 */
export function dnssecPolicy(): string {
  return `dnssec-policy "${DNSSEC_POLICY}" {
  keys { csk lifetime unlimited algorithm ecdsap256sha256; };
  dnskey-ttl 60;
  max-zone-ttl 86400;
  zone-propagation-delay 1;
  publish-safety 1;
  retire-safety 1;
  parent-ds-ttl 60;
  parent-propagation-delay 1;
};`;
}

/** The zone options of a signed zone (named keeps the signed copy beside the file it was given). */
export const signingOptions = (): string => `dnssec-policy "${DNSSEC_POLICY}"; inline-signing yes;`;

/** `test.`: a cut (NS, and the glue of ns1.example.test) for each lab zone directly below it; DS are added once named has made the keys. */
export function parentZone(cfg: LabConfig): ZoneSpec {
  const children = labZones(cfg).map((z) => z.name).filter((name) => name.split('.').length === 2 && name.endsWith(`.${SIGNED_PARENT}`));
  return {
    name: SIGNED_PARENT,
    updatable: true,
    records: [
      ...children.map((name) => `${name}. IN NS ${NS}`),
      `${NS} IN A ${cfg.hostIpv4}`,
      `${NS} IN AAAA ${cfg.hostIpv6}`,
    ],
  };
}
