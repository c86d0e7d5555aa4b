// Day-two mode -> its command module, imported lazily so one command never
// pays for loading another.
import type { CliRequest } from '../cli/args.js';

export async function runDay2(request: CliRequest): Promise<number> {
  switch (request.mode) {
    case 'logs':
      return (await import('./logs-command.js')).logsMode(request);
    case 'senders':
      return (await import('./senders-command.js')).sendersMode(request);
    case 'dkim':
      return (await import('./dkim-command.js')).dkimMode(request);
    case 'domain':
      return (await import('./domain-command.js')).domainMode(request);
    case 'cert':
      return (await import('./cert-command.js')).certMode(request);
    case 'hostname':
      return (await import('./hostname-command.js')).hostnameMode(request);
    case 'forward':
      return (await import('./forward-command.js')).forwardMode(request);
    default:
      throw new Error(`mailsetup ${request.mode} is not available yet`);
  }
}
