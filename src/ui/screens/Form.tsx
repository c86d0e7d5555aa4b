// One question screen: its fields one after another; Enter accepts a field
// (only when valid), Esc goes back one field.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { Select } from '../components/Select.js';
import { TextInput } from '../components/TextInput.js';
import { color } from '../theme.js';
import { fieldsOf, type FieldSpec, type KnownServer, type ScreenSpec, type Values } from '../wizard-screens.js';

export interface FormProps {
  screen: ScreenSpec;
  values: Values;
  /** What an earlier run learned about the server (its OS), for the screen's facts. */
  known?: KnownServer;
  onDone: (values: Values) => void;
  onBack: () => void;
}

/** An answered field as the user chose it: a choice by its title ("Contabo"), not its id; a secret masked. */
function answered(f: FieldSpec, values: Values): string {
  const value = values[f.key];
  if (!value) return f.optional ? '(none)' : '';
  if (f.kind === 'secret') return '•••';
  return f.kind === 'select' ? (f.items?.(values).find((i) => i.value === value)?.label ?? value) : value;
}

export function Form({ screen, values, known, onDone, onBack }: FormProps) {
  const [draft, setDraft] = useState<Values>(values);
  const [index, setIndex] = useState(0);
  const fields = fieldsOf(screen, draft);
  const field = fields[index];
  useInput((_input, key) => {
    // A screen that only informs (no fields): Enter goes on.
    if (key.return && fields.length === 0) onDone(draft);
    if (key.escape) {
      if (index === 0) onBack();
      else setIndex(index - 1);
    }
  });
  const accept = (value: string) => {
    const next = { ...draft, [field!.key]: value };
    setDraft(next);
    const nextFields = fieldsOf(screen, next);
    const at = nextFields.findIndex((f) => f.key === field!.key);
    if (at + 1 >= nextFields.length) onDone(next);
    else setIndex(at + 1);
  };
  return (
    <Box flexDirection="column">
      <Text bold color={color('cyan')}>
        {screen.title}
      </Text>
      <Text color={color('gray')} wrap="wrap">
        {screen.why}
      </Text>
      <Text> </Text>
      {/* An answered field is wrapped at word boundaries, under its text: a long path or label is read whole, never cut. */}
      {fields.slice(0, index).map((f) => (
        <Box key={f.key}>
          <Box width={2} flexShrink={0}>
            <Text color={color('gray')}>✔</Text>
          </Box>
          <Text color={color('gray')} wrap="wrap">
            {f.label} {answered(f, draft)}
          </Text>
        </Box>
      ))}
      {field ? (
        field.kind === 'select' ? (
          <Select
            key={field.key}
            label={field.label}
            items={field.items!(draft)}
            initial={draft[field.key]}
            searchable={field.searchable}
            onSubmit={accept}
          />
        ) : (
          <TextInput
            key={field.key}
            label={field.label}
            initial={draft[field.key] ?? field.initial?.(draft) ?? ''}
            mask={field.kind === 'secret'}
            validate={field.validate}
            optional={field.optional}
            hint={field.hint}
            onSubmit={accept}
          />
        )
      ) : null}
      {(screen.info?.(draft, known) ?? []).map((line, i) => (
        <Text key={i} color={color('yellow')} wrap="wrap">
          {line}
        </Text>
      ))}
      <Text> </Text>
      <Text color={color('gray')}>Enter: next · Esc: back · Ctrl+C: quit</Text>
    </Box>
  );
}
