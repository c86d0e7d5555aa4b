export const ROOT: string;
export function pack(packageDir: string, destination: string): Promise<string>;
export function installTarball(tarball: string, parent: string): Promise<{ prefix: string; bin: string; installMs: number }>;
export function installedFootprint(prefix: string): Promise<{ packages: number; bytes: number }>;
export function packAndInstall(): Promise<{ dir: string; tarball: string; prefix: string; bin: string; installMs: number }>;
export function removeInstall(dir: string): Promise<void>;
