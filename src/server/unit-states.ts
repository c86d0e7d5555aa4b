// What systemd says of several units, read with ONE `systemctl show`. Each
// systemctl is a process of its own and work for PID 1 (about 15 ms of a
// small server's CPU), and --check asks about chasquid, the renewal service,
// the spam filter and every timer: one read costs about what one of those
// asked alone did. A unit named outright is always shown (LoadState
// not-found when it does not exist); a pattern ('*.timer') shows only the
// matching units systemd has loaded.
import { sh, type Raw } from '../remote/quote.js';
import type { Remote } from '../remote/types.js';
import { systemdProps } from './systemd-props.js';

/** One unit's properties, by name (`ActiveState` → `active`). */
export type UnitState = Map<string, string>;
/** Units by their full name (`chasquid.service`). */
export type UnitStates = Map<string, UnitState>;

const PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'UnitFileState', 'ControlGroup', 'Unit', 'Result', 'ExecMainStatus', 'ExecMainStartTimestamp'];

/** A unit's full name: `chasquid` is `chasquid.service`, as systemctl reads it. */
export const unitName = (unit: string): string => (/\.[a-z]+$/.test(unit) ? unit : `${unit}.service`);

/** The command: every property any reader uses, for every unit and pattern given. */
export function showUnits(units: readonly string[]): Raw {
  return sh`systemctl show ${PROPERTIES.flatMap((p) => ['-p', p])} ${units.map(unitName)}`;
}

/**
 * What showUnits printed, unit by unit (blocks apart by a blank line, each
 * naming its unit in Id=). The server's text: only split, never run; a block
 * with no Id is dropped, and a unit shown twice (named and matched) keeps
 * its first block.
 */
export function parseUnitStates(text: string): UnitStates {
  const states: UnitStates = new Map();
  for (const block of text.split(/\n\s*\n/)) {
    const props = systemdProps(block);
    const id = props.get('Id');
    if (id && !states.has(id)) states.set(id, props);
  }
  return states;
}

/**
 * Reads `units` on the server. A systemctl that fails prints no block, so every unit reads as
 * not installed; a lost connection throws, and each family reports it as its own probes' failure.
 */
export async function readUnitStates(remote: Remote, units: readonly string[], timeoutMs?: number): Promise<UnitStates> {
  const res = await remote.exec(showUnits(units), { readOnly: true, allowFailure: true, timeoutMs, sharesShell: true });
  return parseUnitStates(res.stdout);
}

/** The state of `unit` in `states`; an empty map when systemd did not show it. */
export const unitState = (states: UnitStates, unit: string): UnitState => states.get(unitName(unit)) ?? new Map();
