// A list to pick one item from with the arrow keys and Enter; typing filters
// the list (the DNS provider list is long).
import { useState } from 'react';
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
  const shown = query ? items.filter((i) => `${i.label} ${i.value}`.toLowerCase().includes(query.toLowerCase())) : items;
  const start = Math.max(0, items.findIndex((i) => i.value === initial));
  const [index, setIndex] = useState(start);
  const current = Math.min(index, Math.max(0, shown.length - 1));
  useInput((input, key) => {
    // Functional updates: keys typed faster than a render must each count.
    const last = Math.max(0, shown.length - 1);
    if (key.upArrow) setIndex((i) => Math.max(0, Math.min(i, last) - 1));
    else if (key.downArrow) setIndex((i) => Math.min(last, Math.min(i, last) + 1));
    else if (key.return) {
      const item = shown[current];
      if (item) onSubmit(item.value);
    } else if (searchable && (key.backspace || key.delete)) setQuery((q) => q.slice(0, -1));
    else if (searchable && input && !key.ctrl && !key.meta && !key.tab && !key.escape) {
      setQuery((q) => q + input);
      setIndex(0);
    }
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
    </Box>
  );
}
