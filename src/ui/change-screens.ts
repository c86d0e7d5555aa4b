// The wizard's "Change the server" menu as data: each change has a small
// form (the FieldSpec pattern of wizard-screens.ts) and turns its answers
// into the same typed action the command line's words parse into, built and
// checked by the same day-two functions, so it is planned and checked
// exactly as `mailsetup senders add ...` is.
import type { ChangeRequest } from '../day2/change-request.js';
import { forwardAdd, forwardRemove, forwardTo } from '../day2/forward-plan.js';
import { senderAction } from '../day2/senders-plan.js';
import { checkMailbox, checkWatchTime, checkWebhook, DEFAULT_WATCH_TIME } from '../day2/watch-config.js';
import { validateDomain, validatePassword, validateSelector, type Validator } from '../state/validate.js';
import type { FieldSpec, ScreenSpec, Values } from './wizard-screens.js';

export interface ChangeSpec {
  id: string;
  label: string;
  hint?: string;
  /** The form; no fields: straight to the plan. */
  screen: ScreenSpec;
  request: (values: Values) => ChangeRequest;
}

/** A validator that asks the day-two builder of the action, so the form refuses what the command refuses. */
const builds =
  (build: (value: string) => unknown): Validator =>
  (value) => {
    try {
      build(value.trim());
      return null;
    } catch (error) {
      // The builders quote the value first ("x" is not ...): the field shows the value already.
      return (error as Error).message.replace(/^"[^"]*" /, '');
    }
  };

const senderAddress = (verb: 'add' | 'remove' | 'passwd'): FieldSpec => ({
  key: 'address',
  label: 'Sender address:',
  kind: 'text',
  validate: builds((v) => senderAction(verb, v)),
  hint: 'e.g. bob@your-domain',
});

const newPassword: FieldSpec = {
  key: 'password',
  label: 'Password (empty: make one up):',
  kind: 'secret',
  optional: true,
  validate: validatePassword,
  hint: 'A made-up password is shown once, at the end. Only its hash reaches the server.',
};

const screen = (id: string, title: string, why: string, fields: FieldSpec[] = []): ScreenSpec => ({ id: `change.${id}`, title, why, fields });

const v = (values: Values, key: string) => (values[key] ?? '').trim();

const watching = (values: Values) => v(values, 'watch') !== 'off';

export const changes: ChangeSpec[] = [
  {
    id: 'sender-add',
    label: 'Add a sender',
    screen: screen('sender-add', 'Add a sender', 'A new login for sending mail through this server (port 587 or 465).', [senderAddress('add'), newPassword]),
    request: (x) => ({ mode: 'senders', action: senderAction('add', v(x, 'address')), password: x.password ?? '' }),
  },
  {
    id: 'sender-remove',
    label: 'Remove a sender',
    screen: screen('sender-remove', 'Remove a sender', 'Its login stops working at once; its forwarding lines stay.', [senderAddress('remove')]),
    request: (x) => ({ mode: 'senders', action: senderAction('remove', v(x, 'address')) }),
  },
  {
    id: 'sender-passwd',
    label: "Change a sender's password",
    screen: screen('sender-passwd', "Change a sender's password", 'The old password stops working at once; other senders keep theirs.', [senderAddress('passwd'), newPassword]),
    request: (x) => ({ mode: 'senders', action: senderAction('passwd', v(x, 'address')), password: x.password ?? '' }),
  },
  {
    id: 'forward-to',
    label: 'Change the forward-to mailbox',
    screen: screen('forward-to', 'Forward-to mailbox', 'Mail to your domain is forwarded there (every line that forwarded to the old mailbox moves too).', [
      { key: 'mailbox', label: 'Forward to:', kind: 'text', validate: builds(forwardTo), hint: 'e.g. you@gmail.com' },
    ]),
    request: (x) => ({ mode: 'forward', action: forwardTo(v(x, 'mailbox')) }),
  },
  {
    id: 'alias-add',
    label: 'Add an alias line',
    hint: '(sales@ -> someone)',
    screen: screen('alias-add', 'Add an alias line', 'One address of your domain forwarded to one or more mailboxes.', [
      { key: 'user', label: 'Address before the @:', kind: 'text', validate: builds(forwardRemove), hint: 'e.g. sales, or * for every other address' },
      { key: 'targets', label: 'Forward to:', kind: 'text', validate: builds((t) => forwardAdd('x', t)), hint: 'one or more addresses, comma-separated' },
    ]),
    request: (x) => ({ mode: 'forward', action: forwardAdd(v(x, 'user'), v(x, 'targets')) }),
  },
  {
    id: 'alias-remove',
    label: 'Remove an alias line',
    screen: screen('alias-remove', 'Remove an alias line', 'That address stops being forwarded (the catch-all line, if any, still applies).', [
      { key: 'user', label: 'Address before the @:', kind: 'text', validate: builds(forwardRemove), hint: 'e.g. sales' },
    ]),
    request: (x) => ({ mode: 'forward', action: forwardRemove(v(x, 'user')) }),
  },
  {
    id: 'cert-renew',
    label: 'Renew the certificate now',
    screen: screen('cert-renew', 'Renew the certificate', 'A new certificate now, by the same client and hook as the daily renewal.'),
    request: () => ({ mode: 'cert' }),
  },
  {
    id: 'dkim-rotate',
    label: 'Rotate the DKIM key',
    screen: screen('dkim-rotate', 'Rotate the DKIM key', 'A new key under a new selector, published before it signs.', [
      { key: 'selector', label: 'New selector (empty: from the date):', kind: 'text', optional: true, validate: validateSelector },
    ]),
    request: (x) => ({ mode: 'dkim', selector: v(x, 'selector') || undefined }),
  },
  {
    id: 'hostname-set',
    label: 'Change the host name',
    screen: screen('hostname-set', 'Change the host name', "The server's name (and reverse DNS) everywhere it appears: chasquid, certificate, DNS.", [
      { key: 'hostname', label: 'New host name:', kind: 'text', validate: validateDomain, hint: 'e.g. mail.your-domain' },
    ]),
    request: (x) => ({ mode: 'hostname', hostname: v(x, 'hostname') }),
  },
  {
    id: 'domain-add',
    label: 'Add a second domain',
    screen: screen('domain-add', 'Add a mail domain', 'Another domain on this server, with its own DKIM key and records; the first is not touched.', [
      { key: 'domain', label: 'Domain:', kind: 'text', validate: validateDomain },
    ]),
    request: (x) => ({ mode: 'domain', domain: v(x, 'domain') }),
  },
  {
    id: 'watch',
    label: 'Watch the server daily',
    hint: '(on or off)',
    screen: screen('watch', 'Watch the server', 'A daily check on the server that tells you only when the result changes (a mail through this server, or a webhook).', [
      {
        key: 'watch',
        label: 'The watch:',
        kind: 'select',
        items: () => [
          { value: 'on', label: 'On (or change its settings)' },
          { value: 'off', label: 'Off: remove it from the server' },
        ],
      },
      { key: 'at', label: 'Time of day (HH:MM, server clock):', kind: 'text', optional: true, when: watching, validate: builds(checkWatchTime), hint: `empty: ${DEFAULT_WATCH_TIME}` },
      { key: 'to', label: 'Mail to (empty: the forward-to mailbox):', kind: 'text', optional: true, when: watching, validate: builds(checkMailbox) },
      { key: 'webhook', label: 'Or POST the JSON to (URL, empty: mail):', kind: 'text', optional: true, when: watching, validate: builds(checkWebhook) },
      {
        key: 'weekly',
        label: 'Weekly "all good" mail:',
        kind: 'select',
        when: watching,
        items: () => [
          { value: 'no', label: 'No: only when something changes' },
          { value: 'yes', label: 'Yes, once a week when nothing changed' },
        ],
      },
    ]),
    request: (x) =>
      watching(x)
        ? { mode: 'watch', settings: { at: v(x, 'at') || DEFAULT_WATCH_TIME, to: v(x, 'webhook') ? undefined : v(x, 'to') || undefined, webhook: v(x, 'webhook') || undefined, weekly: v(x, 'weekly') === 'yes' } }
        : { mode: 'watch' },
  },
];
