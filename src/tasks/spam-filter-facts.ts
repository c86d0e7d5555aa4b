// The spam filters offered with forwarding, as measured on the lab's VPS
// (assets/spam-filters.json): the receiving screen shows each one's memory,
// and the setup step says what the chosen one will add.
import { asset } from './assets.js';

export interface SpamFilterFacts {
  id: string;
  title: string;
  /** MB per release (`debian12`, ...), measured as the asset's "about" says. */
  memoryMb: Record<string, number>;
  note: string;
}

/** The asset, checked: malformed data fails loudly. */
export function spamFilterFacts(): { default: string; filters: SpamFilterFacts[] } {
  const data = JSON.parse(asset('spam-filters.json')) as { default?: string; filters?: SpamFilterFacts[] };
  const bad = (what: string) => new Error(`assets/spam-filters.json: ${what}`);
  if (!data.default || !Array.isArray(data.filters)) throw bad('needs "default" and "filters"');
  for (const f of data.filters) {
    if (!f.id || !f.title || !f.note || !Object.values(f.memoryMb ?? {}).every((mb) => Number.isInteger(mb) && mb > 0)) {
      throw bad(`a filter needs id, title, note and memoryMb figures: ${JSON.stringify(f)}`);
    }
  }
  return { default: data.default, filters: data.filters };
}

/** "about 116 MB" for the server's release when known, else the range over the releases measured. */
export function memoryText(memoryMb: Record<string, number>, os?: { id: string; versionId: string }): string {
  const mine = os && memoryMb[`${os.id}${os.versionId}`];
  if (mine) return `about ${mine} MB`;
  const all = Object.values(memoryMb);
  const [low, high] = [Math.min(...all), Math.max(...all)];
  return low === high ? `about ${low} MB` : `${low}-${high} MB`;
}
