// The live listr2 task tree, drawn by Ink from the bridge's snapshots.
import { Box, Text } from 'ink';
import type { TaskSnapshot, TaskStatus } from '../listr-bridge.js';
import { color } from '../theme.js';
import { Spinner } from './Spinner.js';

const SYMBOL: Record<TaskStatus, string> = { pending: '◻', running: '', done: '✔', failed: '✖', skipped: '↓' };
const COLOR = { pending: 'gray', running: 'cyan', done: 'green', failed: 'red', skipped: 'yellow' } as const;

function Row({ task, depth, width }: { task: TaskSnapshot; depth: number; width: number }) {
  const showChildren = task.status === 'running' || task.status === 'failed';
  const room = Math.max(10, width - depth * 2 - 4);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'  '.repeat(depth)}
        {task.status === 'running' ? <Spinner /> : <Text color={color(COLOR[task.status])}>{SYMBOL[task.status]}</Text>} {task.title}
      </Text>
      {task.lines ? (
        task.lines.map((line, i) => (
          <Text key={i} color={color(line.startsWith('✓') ? 'green' : line.startsWith('✗') ? 'red' : 'gray')} wrap="truncate-end">
            {'  '.repeat(depth + 1)}
            {line.slice(0, room)}
          </Text>
        ))
      ) : task.detail ? (
        <Text color={color(task.status === 'failed' ? 'red' : 'gray')} wrap="truncate-end">
          {'  '.repeat(depth + 1)}→ {task.detail.slice(0, room)}
        </Text>
      ) : null}
      {showChildren ? task.subtasks.map((sub) => <Row key={sub.id} task={sub} depth={depth + 1} width={width} />) : null}
    </Box>
  );
}

export function TaskTree({ tree, width = 54 }: { tree: TaskSnapshot[]; width?: number }) {
  return (
    <Box flexDirection="column">
      {tree.map((task) => (
        <Row key={task.id} task={task} depth={0} width={width} />
      ))}
    </Box>
  );
}
