// Questions the run asks while it is going: trust a new host key
// (fingerprint shown), type a password/passphrase (masked), or look at the
// DNS records before they are published.
import { Box, Text } from 'ink';
import { Select } from '../components/Select.js';
import { TextInput } from '../components/TextInput.js';
import type { RecordsReview } from '../../tasks/types.js';
import { color } from '../theme.js';
import { Records } from './Records.js';

export type AskRequest =
  | { kind: 'hostkey'; host: string; fingerprint: string; resolve: (ok: boolean) => void }
  | { kind: 'secret'; prompt: string; resolve: (value: string) => void }
  | { kind: 'records'; review: RecordsReview; resolve: () => void };

export function Ask({ request }: { request: AskRequest }) {
  if (request.kind === 'hostkey') {
    return (
      <Box flexDirection="column">
        <Text bold>First connection to {request.host}</Text>
        <Text>The server's host key fingerprint is:</Text>
        <Text color={color('cyan')}>  {request.fingerprint}</Text>
        <Text wrap="wrap">Compare it with your host's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). It is recorded, and a changed key later stops mailsetup.</Text>
        <Select
          label="Trust this key?"
          items={[
            { value: 'yes', label: 'Yes, it matches' },
            { value: 'no', label: 'No, stop' },
          ]}
          onSubmit={(v) => request.resolve(v === 'yes')}
        />
      </Box>
    );
  }
  if (request.kind === 'records') return <Records review={request.review} onContinue={request.resolve} />;
  return <TextInput label={request.prompt} mask onSubmit={request.resolve} />;
}
