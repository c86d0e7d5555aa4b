// Extra single-letter keys for a page that has its own keys already (the
// summary's "s: status and logs"): draws nothing, only listens.
import { useInput } from 'ink';

export function OnKey({ keys }: { keys: Record<string, () => void> }) {
  useInput((input, key) => {
    if (!key.ctrl && !key.meta) keys[input]?.();
  });
  return null;
}
