// Questions the SSH connection asks while the run is going: trust a new host
// key (fingerprint shown), or type a password/passphrase (masked).
import { Box, Text } from 'ink';
import { Select } from '../components/Select.js';
import { TextInput } from '../components/TextInput.js';
import { color } from '../theme.js';

export type AskRequest =
  | { kind: 'hostkey'; host: string; fingerprint: string; resolve: (ok: boolean) => void }
  | { kind: 'secret'; prompt: string; resolve: (value: string) => void };

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
  return <TextInput label={request.prompt} mask onSubmit={request.resolve} />;
}
