// Which chasquid the distribution gave us decides how DKIM works: 1.14 and
// later sign natively, older ones (Debian 12 has 1.11) through the post-data
// hook. The Debian version string is the reliable source.
import { sh } from '../remote/quote.js';
import type { ServerContext } from './context.js';

export async function chasquidVersion(ctx: ServerContext): Promise<string | undefined> {
  const res = await ctx.remote.exec(sh`dpkg-query -W -f='\${Version}' chasquid 2>/dev/null`, {
    readOnly: true,
    allowFailure: true,
  });
  const m = /^(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(res.stdout.trim());
  return m?.[1];
}

/** The version apt would install (before chasquid is installed), e.g. 1.11 on Debian 12. */
export async function candidateVersion(ctx: ServerContext): Promise<string | undefined> {
  const res = await ctx.remote.exec(sh`apt-cache policy chasquid 2>/dev/null`, { readOnly: true, allowFailure: true });
  const m = /Candidate:\s*(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(res.stdout);
  return m?.[1];
}

export function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

export const signsNatively = (version: string) => atLeast(version, 1, 14);
