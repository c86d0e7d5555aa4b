import type { BuildResult } from 'esbuild';
export const BUNDLE_DIR: string;
export const BUNDLE_META: string;
export function buildBundle(): Promise<BuildResult<{ metafile: true }>>;
/** Whether Node loads `file` as CommonJS. */
export function isCommonJs(file: string): boolean;
