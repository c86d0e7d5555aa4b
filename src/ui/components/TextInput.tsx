// A one-line text field: typing, Backspace, Enter to submit; `mask` hides
// secrets as they are typed. The validation message updates as you type.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Validator } from '../../state/validate.js';
import { color } from '../theme.js';

export interface TextInputProps {
  label: string;
  initial?: string;
  mask?: boolean;
  validate?: Validator;
  /** Empty input is allowed (an optional field). */
  optional?: boolean;
  onSubmit: (value: string) => void;
  hint?: string;
}

export function TextInput({ label, initial = '', mask, validate, optional, onSubmit, hint }: TextInputProps) {
  const [value, setValue] = useState(initial);
  const [touched, setTouched] = useState(false);
  const error = value === '' ? (optional ? null : touched ? 'is required' : null) : (validate?.(value) ?? null);
  useInput((input, key) => {
    if (key.return) {
      setTouched(true);
      if (!error && (value !== '' || optional)) onSubmit(value);
      return;
    }
    if (key.backspace || key.delete) {
      setValue((v) => v.slice(0, -1));
      setTouched(true);
      return;
    }
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.escape) return;
    // Pasted text arrives in one chunk; a newline in it is not part of a one-line value.
    const clean = input.replace(/[\r\n]/g, '');
    if (clean) {
      setValue((v) => v + clean);
      setTouched(true);
    }
  });
  const shown = mask ? '•'.repeat(value.length) : value;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{label}</Text> <Text color={color('cyan')}>{shown}</Text>
        <Text inverse> </Text>
      </Text>
      {error && (touched || value !== '') ? <Text color={color('red')}>  ✗ {label.replace(/:$/, '')} {error}</Text> : null}
      {hint ? <Text color={color('gray')}>  {hint}</Text> : null}
    </Box>
  );
}
