// The spam filters offered with forwarding, as measured on the lab's VPS
// (assets/spam-filters.json): the receiving screen shows each one's memory,
// and the setup step says what the chosen one will add.
import { asset } from './assets.js';
import { isMemoryFigures, type MemoryFigures } from './memory-figures.js';

export interface SpamFilterFacts {
  id: string;
  title: string;
  /** MB per release (`debian12`, ...), measured as the asset's "about" says. */
  memoryMb: MemoryFigures;
  note: string;
}

/** The asset, checked: malformed data fails loudly. */
export function spamFilterFacts(): { default: string; filters: SpamFilterFacts[] } {
  const data = JSON.parse(asset('spam-filters.json')) as { default?: string; filters?: SpamFilterFacts[] };
  const bad = (what: string) => new Error(`assets/spam-filters.json: ${what}`);
  if (!data.default || !Array.isArray(data.filters)) throw bad('needs "default" and "filters"');
  for (const f of data.filters) {
    if (!f.id || !f.title || !f.note || !isMemoryFigures(f.memoryMb)) {
      throw bad(`a filter needs id, title, note and memoryMb figures: ${JSON.stringify(f)}`);
    }
  }
  return { default: data.default, filters: data.filters };
}
