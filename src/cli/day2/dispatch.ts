// Day-two mode -> its command module, imported lazily so one command never
// pays for loading another.
import type { CliRequest } from '../args.js';
import { isDay2Mode, type Day2Mode } from './options.js';

type Command = (request: CliRequest) => Promise<number>;

/** Every day-two mode's command: a mode added to DAY2_MODES without one here does not compile. */
const commands: Record<Day2Mode, () => Promise<Command>> = {
  logs: async () => (await import('./logs.js')).logsMode,
  senders: async () => (await import('./senders.js')).sendersMode,
  dkim: async () => (await import('./dkim.js')).dkimMode,
  domain: async () => (await import('./domain.js')).domainMode,
  cert: async () => (await import('./cert.js')).certMode,
  hostname: async () => (await import('./hostname.js')).hostnameMode,
  forward: async () => (await import('./forward.js')).forwardMode,
  watch: async () => (await import('./watch.js')).watchMode,
};

export async function runDay2(request: CliRequest): Promise<number> {
  if (!isDay2Mode(request.mode)) throw new Error(`mailsetup ${request.mode} is not a day-two command`);
  const command = await commands[request.mode]();
  return command(request);
}
