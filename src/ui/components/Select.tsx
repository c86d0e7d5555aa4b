// A list to pick one item from with the arrow keys and Enter; typing filters
// the list (the DNS provider list is long).
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { color } from '../theme.js';

export interface SelectItem<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export interface SelectProps<T extends string> {
  label: string;
  items: SelectItem<T>[];
  initial?: T;
  searchable?: boolean;
  /** Rows shown at once (the layout must fit 80x24). */
  rows?: number;
  onSubmit: (value: T) => void;
}

export function Select<T extends string>({ label, items, initial, searchable, rows = 7, onSubmit }: SelectProps<T>) {
  const [query, setQuery] = useState('');
  const filter = (q: string) => (q ? items.filter((i) => `${i.label} ${i.value}`.toLowerCase().includes(q.toLowerCase())) : items);
  const shown = filter(query);
  const [index, setIndex] = useState(Math.max(0, items.findIndex((i) => i.value === initial)));
  // Keys can arrive faster than renders (tmux send-keys, a script): every key
  // reads and writes these refs, the state only draws them.
  const latest = useRef({ query: '', index });
  const set = (next: { query?: string; index?: number }) => {
    latest.current = { ...latest.current, ...next };
    if (next.query !== undefined) setQuery(next.query);
    if (next.index !== undefined) setIndex(next.index);
  };
  const current = Math.min(index, Math.max(0, shown.length - 1));
  useInput((input, key) => {
    const list = filter(latest.current.query);
    const last = Math.max(0, list.length - 1);
    const at = Math.min(latest.current.index, last);
    if (key.upArrow) set({ index: Math.max(0, at - 1) });
    else if (key.downArrow) set({ index: Math.min(last, at + 1) });
    else if (key.return) {
      const item = list[at];
      if (item) onSubmit(item.value);
    } else if (searchable && (key.backspace || key.delete)) set({ query: latest.current.query.slice(0, -1), index: 0 });
    else if (searchable && input && !key.ctrl && !key.meta && !key.tab && !key.escape) set({ query: latest.current.query + input, index: 0 });
  });
  const top = Math.min(Math.max(0, current - Math.floor(rows / 2)), Math.max(0, shown.length - rows));
  return (
    <Box flexDirection="column">
      <Text bold>
        {label}
        {searchable ? <Text color={color('gray')}> (type to search){query ? `: ${query}` : ''}</Text> : null}
      </Text>
      {shown.slice(top, top + rows).map((item, i) => {
        const selected = top + i === current;
        return (
          <Text key={item.value} color={selected ? color('cyan') : undefined} wrap="truncate-end">
            {selected ? '❯ ' : '  '}
            {item.label}
            {item.hint ? <Text color={color('gray')}> {item.hint}</Text> : null}
          </Text>
        );
      })}
      {shown.length === 0 ? <Text color={color('yellow')}>  nothing matches "{query}"</Text> : null}
      {/* Items past the window must not look like the end of the list (the host list's "Other host" is last). */}
      {shown.length > rows ? (
        <Text color={color('gray')}>
          {'  '}
          {top + 1}-{Math.min(shown.length, top + rows)} of {shown.length} · ↑/↓ for more
        </Text>
      ) : null}
    </Box>
  );
}
