// Memory figures measured on the lab's VPS per release (`debian12`, ...), as
// the assets keep them (assets/spam-filters.json, assets/mta-sts/nginx.json),
// and the words the screens and steps show for them.

export type MemoryFigures = Record<string, number>;

/** Every figure a whole number of MB above zero, and at least one. */
export function isMemoryFigures(value: unknown): value is MemoryFigures {
  if (!value || typeof value !== 'object') return false;
  const all = Object.values(value);
  return all.length > 0 && all.every((mb) => Number.isInteger(mb) && mb > 0);
}

/** "about 116 MB" for the server's release when known, else the range over the releases measured. */
export function memoryText(memoryMb: MemoryFigures, os?: { id: string; versionId: string }): string {
  const mine = os && memoryMb[`${os.id}${os.versionId}`];
  if (mine) return `about ${mine} MB`;
  const all = Object.values(memoryMb);
  const [low, high] = [Math.min(...all), Math.max(...all)];
  return low === high ? `about ${low} MB` : `${low}-${high} MB`;
}
