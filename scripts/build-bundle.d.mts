import type { BuildResult } from 'esbuild';
export const BUNDLE_DIR: string;
export const BUNDLE_META: string;
export function buildBundle(): Promise<BuildResult<{ metafile: true }>>;
