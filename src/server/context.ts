// What the server library needs of a run: the one connection, and whether
// this is a dry run (then only read-only commands really run). A step's
// context and a day-two session's both have these, so both pass their own.
import type { Remote } from '../remote/types.js';

export interface ServerContext {
  remote: Remote;
  dryRun: boolean;
}
