// What a day-two change will do, before it is done: the plan the command
// prints, the equivalent command, and the question. Nothing has changed yet.
import { Box, Text } from 'ink';
import { Select } from '../components/Select.js';
import { color } from '../theme.js';

export interface ChangePlanProps {
  title: string;
  plan: string[];
  command: string;
  onAnswer: (goAhead: boolean) => void;
}

export function ChangePlan({ title, plan, command, onAnswer }: ChangePlanProps) {
  return (
    <Box flexDirection="column">
      <Text bold color={color('cyan')}>
        {title}: the plan
      </Text>
      {plan.map((line, i) => (
        // A wrapped item keeps its indent, so the list stays readable at 56 columns.
        <Box key={i} marginLeft={line.length - line.trimStart().length}>
          <Text wrap="wrap">{line.trimStart()}</Text>
        </Box>
      ))}
      <Text color={color('gray')} wrap="wrap">
        Same as: {command}
      </Text>
      <Text> </Text>
      <Select
        label="Go ahead?"
        items={[
          { value: 'no', label: 'No, back to the menu', hint: '(nothing changes)' },
          { value: 'yes', label: 'Yes, do it' },
        ]}
        onSubmit={(value) => onAnswer(value === 'yes')}
      />
    </Box>
  );
}
