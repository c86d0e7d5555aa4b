// The wizard's "status and logs" page: the same status summary and log
// reading as `mailsetup logs`, as plain lines for an Ink page.
import { classifyLine } from '../day2/log-classify.js';
import { formatLogLine } from '../day2/log-format.js';
import { describeSource, findLogSource, isChasquidLine, logCommand } from '../day2/log-source.js';
import { formatStatus, serverStatus } from '../day2/status.js';
import type { StepContext } from '../tasks/types.js';

const plain = (_tone: string, text: string) => text;

export async function statusLines(ctx: StepContext, logLines = 40): Promise<string[]> {
  const lines = formatStatus(await serverStatus(ctx), plain);
  const source = await findLogSource(ctx.remote);
  lines.push('', `log: ${describeSource(source)} (last ${logLines} lines; follow live with \`mailsetup logs --follow\`)`);
  await ctx.remote.exec(logCommand(source, { follow: false, lines: logLines }), {
    readOnly: true,
    allowFailure: true,
    onLine: (line) => {
      if (line.trim() && isChasquidLine(source, line)) lines.push(formatLogLine(line, classifyLine(line), plain));
    },
  });
  return lines;
}
