// The answers did not pass the schema as a whole (a screen's own checks
// passed): say what is wrong and start again from the first screen.
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { screens, type Values } from '../wizard-screens.js';
import { Form } from './Form.js';

export function Invalid({ problems, values, onBack, onDone }: { problems: string; values: Values; onBack: () => void; onDone: (values: Values) => void }) {
  return (
    <Box flexDirection="column">
      <Text color={color('red')}>{problems}</Text>
      <Text>Press Esc on a screen to go back; starting again from the first screen.</Text>
      <Form key="retry" screen={screens[0]!} values={values} onBack={onBack} onDone={onDone} />
    </Box>
  );
}
