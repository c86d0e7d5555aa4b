// The setup as it runs: the live task tree, or the question a step waits on.
import { Box, Text } from 'ink';
import { TaskTree } from '../components/TaskTree.js';
import type { TaskSnapshot } from '../listr-bridge.js';
import { color } from '../theme.js';
import { Ask, type AskRequest } from './Ask.js';

export function Running({ address, ask, tree }: { address?: string; ask: AskRequest | null; tree: TaskSnapshot[] }) {
  return (
    <Box flexDirection="column">
      <Text bold color={color('cyan')}>
        Setting up {address ?? 'the server'}
      </Text>
      {ask ? <Ask request={ask} /> : <TaskTree tree={tree} />}
    </Box>
  );
}
