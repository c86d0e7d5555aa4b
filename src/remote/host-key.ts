// Deciding whether to trust the key a server presents. Order of trust:
// a pinned fingerprint (answers file) must match whatever else is known; a
// recorded key (mailsetup's file or ~/.ssh/known_hosts) must match exactly;
// an unknown key is confirmed by the user (or, unattended, by the pin) and
// then recorded in mailsetup's own file.
import { HostKeyChangedError, HostKeyNotTrustedError, HostKeyPinMismatchError } from './errors.js';
import { fingerprint, keyType, normalizeFingerprint } from './fingerprint.js';
import { entriesFor, hostToken, recordHostKey } from './known-hosts.js';

export interface HostKeyPolicy {
  host: string;
  port: number;
  /** mailsetup's own known-hosts file: read, and written on first contact. */
  knownHostsFile: string;
  /** Other files that are only read (the user's ~/.ssh/known_hosts). */
  readOnlyKnownHostsFiles: string[];
  pinnedFingerprint?: string;
  assumeYes?: boolean;
  confirmHostKey?: (fingerprint: string, host: string) => Promise<boolean>;
}

export type HostKeyVerdict = 'known' | 'pinned' | 'confirmed';

/** Key types already recorded for the host, to ask the server for one of those first. */
export function knownKeyTypes(policy: HostKeyPolicy): string[] {
  const files = [policy.knownHostsFile, ...policy.readOnlyKnownHostsFiles];
  return [...new Set(entriesFor(files, policy.host, policy.port).filter((e) => !e.marker).map((e) => e.keyType))];
}

export async function verifyHostKey(policy: HostKeyPolicy, keyBlob: Buffer): Promise<HostKeyVerdict> {
  const name = hostToken(policy.host, policy.port);
  const presented = fingerprint(keyBlob);
  const type = keyType(keyBlob);

  if (policy.pinnedFingerprint !== undefined) {
    const pinned = normalizeFingerprint(policy.pinnedFingerprint);
    if (pinned !== presented) throw new HostKeyPinMismatchError(name, pinned, presented);
  }

  const files = [policy.knownHostsFile, ...policy.readOnlyKnownHostsFiles];
  const entries = entriesFor(files, policy.host, policy.port);
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(keyBlob));
  if (revoked) throw new HostKeyChangedError(name, `(revoked) ${presented}`, presented, revoked.file);
  const plain = entries.filter((e) => !e.marker);
  if (plain.some((e) => e.key.equals(keyBlob))) return 'known';
  // A recorded key of another value (same type, or the only types we know):
  // the server changed its key. Report the first recorded one.
  const old = plain.find((e) => e.keyType === type) ?? plain[0];
  if (old) throw new HostKeyChangedError(name, fingerprint(old.key), presented, `${old.file} line ${old.line}`);

  let verdict: HostKeyVerdict;
  if (policy.pinnedFingerprint !== undefined) verdict = 'pinned';
  else if (policy.assumeYes || !policy.confirmHostKey) throw new HostKeyNotTrustedError(name, presented, 'unattended');
  else if (await policy.confirmHostKey(presented, name)) verdict = 'confirmed';
  else throw new HostKeyNotTrustedError(name, presented, 'declined');

  recordHostKey(policy.knownHostsFile, policy.host, policy.port, type, keyBlob);
  return verdict;
}
