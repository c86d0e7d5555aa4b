// The shape every record builder returns and every renderer, planner and
// provider consumes: one list of records is the single source of truth for
// the table, the zone snippet, the publish diff and the DNS checks.

export type RecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR' | 'CNAME' | 'CAA' | 'TLSA';

/** Where a record has to be published. */
export type RecordHome =
  /** the domain's own zone: mailsetup can publish it through a provider */
  | 'zone'
  /** the reverse zone, set in the host's panel (rDNS) */
  | 'reverse'
  /** another domain's zone (e.g. a DMARC report authorization) */
  | 'other-domain';

export interface DnsRecord {
  /** Fully qualified name, lower case, no trailing dot. */
  name: string;
  type: RecordType;
  /**
   * One entry per resource record. A/AAAA: the address; MX: `PRIORITY host`;
   * TXT: the full text (split into 255-byte strings only when written out);
   * PTR/CNAME: the target name without trailing dot; CAA: `FLAGS TAG "VALUE"`.
   */
  values: string[];
  ttl: number;
  /** One line saying why the record exists, shown beside it. */
  purpose: string;
  home: RecordHome;
  /** Offered but not required for sending (MTA-STS, TLS-RPT, CAA). */
  optional?: boolean;
}

/** A record as it currently exists in DNS. */
export interface ExistingRecord {
  name: string;
  type: RecordType;
  values: string[];
  /** TXT only: each value's character-strings as stored, needed to delete exactly that record. */
  txtChunks?: string[][];
}

export const DEFAULT_TTL = 3600;

export const fqdn = (name: string): string => name.trim().replace(/\.$/, '').toLowerCase();
