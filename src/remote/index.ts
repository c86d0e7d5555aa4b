// The SSH engine's public surface, for code that wants one import.
export { connect, resolveTarget, type ConnectIo, type ConnectOptions, type ResolvedTarget } from './connect.js';
export { SshRemote } from './ssh-remote.js';
export { DryRunRemote, type DryRunRecord } from './dry-run.js';
export { detectOs, classifyOs, stillInstallingAdvice, unsupportedMessage, looksLikeInstaller, type OsDetection } from './os.js';
export { ensureLine, setKey, uncommentLines, ensureBlock } from './edits.js';
export { redact } from './redact.js';
export { unifiedDiff } from './diff.js';
export { fingerprint } from './fingerprint.js';
export * from './errors.js';
export * from './types.js';
export { quote, sh, raw, Raw, UnquotableValueError } from './quote.js';
