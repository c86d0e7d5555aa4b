// The largest modules mailsetup loads that only the last steps need:
// mailauth (the proof's DKIM check, ~0.4 s to load), execa (the backup's
// git, ~0.2 s) and nodemailer (the test mail, ~0.05 s). Loading them at start would hold up the first remote
// command, since loading keeps this process busy; a fresh server's run loads
// them while apt installs on the server, where the wait costs nothing, and
// a rerun loads them only when a step that needs them runs.
let mailauth: Promise<typeof import('mailauth')> | undefined;
let execa: Promise<typeof import('execa')> | undefined;
let nodemailer: Promise<typeof import('nodemailer')> | undefined;

export const loadMailauth = () => (mailauth ??= import('mailauth'));
export const loadExeca = () => (execa ??= import('execa'));
export const loadNodemailer = () => (nodemailer ??= import('nodemailer'));

/** Start loading them all; whoever uses one awaits its loader and sees any error there. */
export function preloadLateModules(): void {
  for (const load of [loadMailauth, loadExeca, loadNodemailer]) load().catch(() => undefined);
}
