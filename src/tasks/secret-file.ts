// A file holding credentials (the DNS provider's, for renewals): root only,
// no backup copies, and never shown. A dry run lists every write as a diff
// of old and new content, so here it only names the file that would change.
import { sh } from '../remote/quote.js';
import type { StepContext } from './types.js';

export async function writeSecretFile(ctx: StepContext, path: string, content: string): Promise<boolean> {
  if (!ctx.dryRun) return (await ctx.remote.writeFile(path, content, { mode: 0o600, owner: 'root:root', backup: false })).changed;
  const current = await ctx.remote.readFile(path);
  if (current?.equals(Buffer.from(content))) return false;
  // `:` does nothing; it makes the dry-run listing say what would happen.
  await ctx.remote.exec(sh`: write ${path} with mode 0600, content not shown: it holds credentials`);
  return true;
}
