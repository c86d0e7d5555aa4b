// The live listr2 task tree, drawn by Ink from the bridge's snapshots.
import { Box, Text } from 'ink';
import type { TaskSnapshot, TaskStatus } from '../listr-bridge.js';
import { color } from '../theme.js';
import { Spinner } from './Spinner.js';

const SYMBOL: Record<TaskStatus, string> = { pending: '◻', running: '', done: '✔', failed: '✖', skipped: '↓' };
const COLOR = { pending: 'gray', running: 'cyan', done: 'green', failed: 'red', skipped: 'yellow' } as const;

/**
 * Steps run side by side: a running step shows only its subtasks under way
 * or failed (with those done before them once only one step runs), so
 * several branches still fit the screen.
 */
function Row({ task, depth, width, busy }: { task: TaskSnapshot; depth: number; width: number; busy: boolean }) {
  const showChildren = task.status === 'running' || task.status === 'failed';
  const children = busy ? task.subtasks.filter((sub) => sub.status === 'running' || sub.status === 'failed') : task.subtasks;
  const room = Math.max(10, width - depth * 2 - 4);
  // A step waiting for others says which on its own row ("after ..."): the branches fit the screen.
  const waiting = task.status === 'pending' && task.detail;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'  '.repeat(depth)}
        {task.status === 'running' ? <Spinner /> : <Text color={color(COLOR[task.status])}>{SYMBOL[task.status]}</Text>} {task.title}
        {waiting ? <Text color={color('gray')}> · {task.detail}</Text> : null}
      </Text>
      {task.lines ? (
        task.lines.map((line, i) => (
          <Text key={i} color={color(line.startsWith('✓') ? 'green' : line.startsWith('✗') ? 'red' : 'gray')} wrap="truncate-end">
            {'  '.repeat(depth + 1)}
            {line.slice(0, room)}
          </Text>
        ))
      ) : task.detail && !waiting ? (
        <Text color={color(task.status === 'failed' ? 'red' : 'gray')} wrap="truncate-end">
          {'  '.repeat(depth + 1)}→ {task.detail.slice(0, room)}
        </Text>
      ) : null}
      {showChildren ? children.map((sub) => <Row key={sub.id} task={sub} depth={depth + 1} width={width} busy={busy} />) : null}
    </Box>
  );
}

export function TaskTree({ tree, width = 54 }: { tree: TaskSnapshot[]; width?: number }) {
  const busy = tree.filter((task) => task.status === 'running').length > 1;
  return (
    <Box flexDirection="column">
      {tree.map((task) => (
        <Row key={task.id} task={task} depth={0} width={width} busy={busy} />
      ))}
    </Box>
  );
}
