// "Status and logs": chasquid's state and its latest log lines, read over
// SSH by the controller; Enter goes back where it was opened from.
import { Text } from 'ink';
import { TextPage } from '../components/TextPage.js';
import { Ask, type AskRequest } from './Ask.js';

export interface StatusProps {
  ask: AskRequest | null;
  /** null while the server is being read. */
  lines: string[] | null;
  error?: string;
  onBack: () => void;
}

export function Status({ ask, lines, error, onBack }: StatusProps) {
  if (ask) return <Ask request={ask} />;
  if (lines === null) return <Text>Reading the server's status and log...</Text>;
  return (
    <TextPage
      title="Status and logs"
      why="chasquid's state and its latest log lines; trouble is explained in one line."
      lines={[...(error ? [{ text: error, tone: 'red' as const }] : []), ...lines.map((text) => ({ text }))]}
      next="Enter: back"
      onNext={onBack}
    />
  );
}
