// The lab's public face: a disposable VPS (Debian 12 and 13), DNS with TSIG
// updates, an ACME server and an inbox, all on this machine.
export { runLabCommand } from './command.js';
export { labUp, labDown, labReset, type LabOptions } from './lifecycle.js';
export { readLabInfo } from './info.js';
export { labStatus, type LabStatus } from './status.js';
export { readInbox } from './inbox.js';
export { listOnBlocklist, delistFromBlocklist } from './blocklist.js';
export { setLabPtr } from './reverse-dns.js';
export { labExec, sshArgs, pickVps } from './ssh.js';
export { labConfig } from './config.js';
export { proveHostTools, describeMissing, HOST_TOOLS } from './host-tools.js';
export { reverseName, blocklistName } from './addr.js';
export type * from './types.js';
