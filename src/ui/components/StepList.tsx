// The wizard's left column: every screen of the guided run, done / current / pending.
import { Box, Text } from 'ink';
import { color } from '../theme.js';

export interface StepItem {
  id: string;
  title: string;
  state: 'done' | 'current' | 'pending' | 'failed';
}

const MARK = { done: '✔', current: '❯', pending: '·', failed: '✖' } as const;
const TONE = { done: 'green', current: 'cyan', pending: 'gray', failed: 'red' } as const;

export function StepList({ items }: { items: StepItem[] }) {
  return (
    <Box flexDirection="column" width={22} marginRight={1}>
      {items.map((item) => (
        <Text key={item.id} color={color(TONE[item.state])} bold={item.state === 'current'} wrap="truncate-end">
          {MARK[item.state]} {item.title}
        </Text>
      ))}
    </Box>
  );
}
