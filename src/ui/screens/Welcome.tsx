// First screen: what will happen and what is needed; on a rerun, the saved
// progress and the choice to continue, re-check everything or start over.
import { Box, Text } from 'ink';
import { Select } from '../components/Select.js';
import type { ResumeInfo } from '../controller.js';
import { color } from '../theme.js';

export type WelcomeChoice = 'start' | 'continue' | 'recheck' | 'restart' | 'status' | 'change';

export function Welcome({ resume, onChoice }: { resume: ResumeInfo | null; onChoice: (choice: WelcomeChoice) => void }) {
  if (!resume) {
    return (
      <Box flexDirection="column">
        <Text bold>Your own outbound mail server, step by step.</Text>
        <Text wrap="wrap">
          mailsetup sets up chasquid on your VPS with a TLS certificate, DKIM, SPF and DMARC, then sends a test mail and proves it is signed.
        </Text>
        <Text> </Text>
        <Text wrap="wrap">You need: a VPS (Ubuntu 22.04/24.04 or Debian 12/13) you can ssh into, a domain, and access to its DNS.</Text>
        <Text> </Text>
        <Select label="Ready?" items={[{ value: 'start', label: 'Start' }]} onSubmit={() => onChoice('start')} />
      </Box>
    );
  }
  const done = resume.steps.filter((s) => s.status === 'done').length;
  return (
    <Box flexDirection="column">
      <Text bold>Welcome back: {resume.host}</Text>
      <Text>
        {done} of {resume.steps.length} steps done.
      </Text>
      {resume.steps.slice(0, 12).map((s) => (
        <Text key={s.id} color={color(s.status === 'done' ? 'green' : s.status === 'failed' ? 'red' : s.status === 'skipped' ? 'yellow' : 'gray')}>
          {s.status === 'done' ? '✔' : s.status === 'failed' ? '✖' : s.status === 'running' ? '…' : s.status === 'skipped' ? '↓' : '·'} {s.title}
          {s.status === 'running' ? ' (interrupted: will be redone safely)' : s.status === 'skipped' ? ' (skipped: tried again now)' : ''}
        </Text>
      ))}
      <Text> </Text>
      <Select
        label="What now?"
        items={[
          { value: 'continue', label: 'Continue', hint: '(done steps are verified and skipped)' },
          { value: 'recheck', label: 'Recheck all', hint: '(run every step again)' },
          { value: 'restart', label: 'Start over', hint: '(forget progress, keep the server)' },
          { value: 'status', label: 'Status and logs', hint: '(service, queue, mail log)' },
          { value: 'change', label: 'Change the server', hint: '(senders, forwarding, DKIM, …)' },
        ]}
        onSubmit={(v) => onChoice(v as WelcomeChoice)}
      />
    </Box>
  );
}
