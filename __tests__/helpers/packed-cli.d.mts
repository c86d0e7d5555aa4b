export const CLI_ENTRY_VARIABLE: string;
/** Builds, packs and installs mailsetup; the installed command's path (also set in MAILSETUP_CLI_ENTRY). */
export function installPackedCli(): Promise<string>;
export function removePackedCli(): Promise<void>;
