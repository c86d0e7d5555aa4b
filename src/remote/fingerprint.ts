// Host key fingerprints exactly as OpenSSH prints them (`ssh-keygen -lf`,
// the first-contact prompt): "SHA256:" + unpadded base64 of the SHA-256 of the
// key blob. Users compare these by eye with what their provider shows, so the
// format must match to the character.
import { createHash } from 'node:crypto';

export function fingerprint(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The key type written inside the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len > keyBlob.length - 4) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** Accept a pinned fingerprint written with or without the `SHA256:` prefix or padding. */
export function normalizeFingerprint(value: string): string {
  const text = value.trim().replace(/=+$/, '');
  return text.startsWith('SHA256:') ? text : `SHA256:${text}`;
}
