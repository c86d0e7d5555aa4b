// Chooses how to log in, in the order ssh itself does: the agent, then key
// files (asking for a passphrase only when a key is encrypted), then the
// password. Passphrases and passwords are asked through the injected
// `askSecret`, so the UI decides how to prompt, and they live only in memory.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
// ssh2 is CommonJS: Node's ESM loader only offers its default export.
import ssh2, { type AuthHandlerMiddleware, type AuthenticationType, type ParsedKey } from 'ssh2';
import type { SecretKind } from './connect.js';

const { utils } = ssh2;

export interface AuthInput {
  user: string;
  target: string;
  agentSocket?: string;
  /** Explicit files (--identity, IdentityFile); when empty, the usual ~/.ssh/id_* are tried. */
  identityFiles: string[];
  homeDir?: string;
  askSecret?: (prompt: string, kind: SecretKind) => Promise<string>;
}

export interface AuthState {
  /** Method names tried so far (for the failure message). */
  tried: string[];
  /** Why asking for a secret failed (e.g. unattended and not in the answers file), reported if no method works. */
  askError?: Error;
  /** The login password, kept so sudo can try it before asking again. */
  password?: string;
}

type NextAuth = Exclude<Parameters<Parameters<AuthHandlerMiddleware>[2]>[0], AuthenticationType>;

// ssh2 stops authenticating when the handler answers `false`; its types omit that.
const STOP = false as unknown as AuthenticationType;

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

async function loadKey(file: string, input: AuthInput, state: AuthState): Promise<ParsedKey | null> {
  const data = readFileSync(file);
  let parsed = utils.parseKey(data);
  for (let attempt = 0; parsed instanceof Error && /encrypted|passphrase/i.test(parsed.message) && attempt < 3; attempt++) {
    if (!input.askSecret) return null;
    let passphrase: string;
    try {
      passphrase = await input.askSecret(`Passphrase for ${file}:`, 'passphrase');
    } catch (error) {
      // Skip this key; another method may still work.
      state.askError = error as Error;
      return null;
    }
    parsed = utils.parseKey(data, passphrase);
  }
  if (parsed instanceof Error) return null;
  return Array.isArray(parsed) ? (parsed[0] ?? null) : parsed;
}

/** An ssh2 `authHandler` that walks agent -> keys -> password, plus the state it leaves. */
export function makeAuthHandler(input: AuthInput): { handler: AuthHandlerMiddleware; state: AuthState } {
  const state: AuthState = { tried: [] };
  const explicit = input.identityFiles.length > 0;
  const keyFiles = (explicit ? input.identityFiles : DEFAULT_KEYS.map((k) => join(input.homeDir ?? homedir(), '.ssh', k))).filter(
    (f) => existsSync(f),
  );
  const steps: Array<() => Promise<NextAuth | null>> = [];
  if (input.agentSocket) steps.push(async () => ({ type: 'agent', username: input.user, agent: input.agentSocket! }));
  for (const file of keyFiles) {
    steps.push(async () => {
      const key = await loadKey(file, input, state);
      return key ? { type: 'publickey', username: input.user, key } : null;
    });
  }
  let passwordTries = 0;
  const askPassword = async (): Promise<string | null> => {
    if (!input.askSecret || passwordTries >= 3) return null;
    passwordTries++;
    try {
      state.password = await input.askSecret(`Password for ${input.target}:`, 'password');
    } catch (error) {
      state.askError = error as Error;
      return null;
    }
    return state.password;
  };

  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    void (async () => {
      const allowed = (m: string) => !methodsLeft || methodsLeft.includes(m as AuthenticationType);
      while (steps.length > 0) {
        const step = steps.shift()!;
        const attempt = await step();
        if (!attempt) continue;
        const method = attempt.type === 'agent' ? 'publickey' : attempt.type;
        if (!allowed(method)) continue;
        state.tried.push(attempt.type === 'publickey' ? 'key' : attempt.type);
        return next(attempt);
      }
      if (allowed('password')) {
        const password = await askPassword();
        if (password !== null) {
          state.tried.push('password');
          return next({ type: 'password', username: input.user, password });
        }
      } else if (allowed('keyboard-interactive')) {
        const password = await askPassword();
        if (password !== null) {
          state.tried.push('keyboard-interactive');
          return next({
            type: 'keyboard-interactive',
            username: input.user,
            // Answer every hidden prompt with the password (that is what PAM asks for).
            prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
          });
        }
      }
      next(STOP);
    })().catch(() => next(STOP));
  };
  return { handler, state };
}
