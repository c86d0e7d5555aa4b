// The group chasquid runs as: files it must read (users, DKIM keys) are
// root-owned and readable by that group only.
import { sh } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';

export async function chasquidOwner(remote: Remote): Promise<string> {
  const res = await remote.exec(sh`systemctl show -p Group --value chasquid`, { readOnly: true, allowFailure: true });
  return `root:${res.stdout.trim() || 'chasquid'}`;
}
