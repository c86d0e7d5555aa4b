// A one-line text field: typing, Backspace, Enter to submit; `mask` hides
// secrets as they are typed. The validation message updates as you type.
import { useRef, useState } from 'react';
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
  // Keys can arrive faster than renders (a paste, a script, tmux send-keys):
  // the ref holds the value every key must see, the state draws it.
  const latest = useRef(initial);
  const [touched, setTouched] = useState(false);
  const problem = (v: string) => (v === '' ? (optional ? null : 'is required') : (validate?.(v) ?? null));
  const error = value === '' && !touched ? null : problem(value);
  const update = (next: string) => {
    latest.current = next;
    setValue(next);
    setTouched(true);
  };
  useInput((input, key) => {
    if (key.return) {
      setTouched(true);
      if (!problem(latest.current)) onSubmit(latest.current);
      return;
    }
    if (key.backspace || key.delete) {
      update(latest.current.slice(0, -1));
      return;
    }
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.escape) return;
    // Pasted text arrives in one chunk; a newline in it is not part of a one-line value.
    const clean = input.replace(/[\r\n]/g, '');
    if (clean) update(latest.current + clean);
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
