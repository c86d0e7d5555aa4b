export function loadLab(): Promise<typeof import('../../src/lab/index.js')>;
