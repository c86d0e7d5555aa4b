// The wizard's side of a day-two change: one SSH session opened for it, the
// change planned by the day-two code (day2/change-request.ts), then run or
// cancelled from the screens. The session is closed either way.
import { changeExitCode } from '../day2/change.js';
import { commandOf, planChange, type ChangeRequest } from '../day2/change-request.js';
import { savedTarget, type Day2Target } from '../session/target.js';
import type { ConnectIo } from '../remote/connect.js';
import type { PreparedChange } from '../ui/controller.js';
import { openSession } from '../session/session.js';

export async function openChange(given: Day2Target, stateDir: string, io: ConnectIo, request: ChangeRequest): Promise<PreparedChange> {
  const target = await savedTarget(stateDir, given);
  const session = await openSession({ answers: target.answers, secrets: target.secrets, stateDir, resolver: target.resolver, caFile: target.caFile, knownHostsFile: target.knownHostsFile, io });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await session.close();
  };
  let change;
  try {
    change = await planChange(session, target, request);
    await change.beforeConfirm?.();
  } catch (error) {
    await close();
    throw error;
  }
  const planned = change;
  // After a host name change the state carries the new name.
  const names = () => ({ domain: target.answers.domain, hostname: session.store.data.answers?.hostname ?? target.answers.hostname, answers: session.store.data.answers });
  return {
    plan: planned.plan,
    command: commandOf(request),
    nothing: planned.nothing,
    async run(onLine) {
      try {
        const outcome = await planned.apply((text, tone = 'info') => onLine({ text, tone }));
        return { ok: changeExitCode(outcome) === 0, checks: outcome.checks, shownOnce: outcome.shownOnce, ...names() };
      } catch (error) {
        return { ok: false, error: (error as Error).message, checks: [], ...names() };
      } finally {
        await close();
      }
    },
    cancel: close,
  };
}
