// What a run was asked to work on, as the session reads it: the command
// line's request has these fields (and more), so cli hands its request over
// as it is, and nothing below cli needs to know the argv parser.
export interface SessionRequest {
  /** Work on the local sandbox VPS. */
  lab: boolean;
  /** Go ahead without asking (and, with --lab, bring the lab up). */
  yes: boolean;
  answersFile?: string;
  host?: { user?: string; address: string; port?: number };
  identity?: string;
  stateDir?: string;
  resolver?: string;
  caFile?: string;
}

/** A request that cannot run as given: the message says what to pass instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\nRun \`mailsetup --help\` for the list of options.`);
    this.name = 'UsageError';
  }
}
