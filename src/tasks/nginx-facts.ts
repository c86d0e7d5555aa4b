// What nginx adds when it serves the MTA-STS policy, as measured on the
// lab's VPS (assets/mta-sts/nginx.json): the DNS screen shows it where
// MTA-STS is chosen, and the MTA-STS step says it when it installs nginx.
import { asset } from './assets.js';
import { isMemoryFigures, type MemoryFigures } from './memory-figures.js';

/** MB per release; malformed data fails loudly. */
export function nginxMemoryMb(): MemoryFigures {
  const data = JSON.parse(asset('mta-sts/nginx.json')) as { memoryMb?: unknown };
  if (!isMemoryFigures(data.memoryMb)) throw new Error(`assets/mta-sts/nginx.json: needs memoryMb figures: ${JSON.stringify(data.memoryMb)}`);
  return data.memoryMb;
}
