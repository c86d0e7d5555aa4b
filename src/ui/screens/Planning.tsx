// Between the last answer and the Review screen: connecting (a new host key
// is confirmed here, before any command is sent) and planning the run.
import { Box, Text } from 'ink';
import { Spinner } from '../components/Spinner.js';
import { color } from '../theme.js';
import { Ask, type AskRequest } from './Ask.js';

export function Planning({ address, ask }: { address?: string; ask: AskRequest | null }) {
  return (
    <Box flexDirection="column">
      <Text bold color={color('cyan')}>
        Looking at {address ?? 'the server'}
      </Text>
      {ask ? (
        <Ask request={ask} />
      ) : (
        <Text wrap="wrap">
          <Spinner /> Connecting and finding what the run would change; nothing on the server is changed yet.
        </Text>
      )}
    </Box>
  );
}
