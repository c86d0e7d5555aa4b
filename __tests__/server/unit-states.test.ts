// Several units' states from one `systemctl show` (server/unit-states.ts):
// the text as systemd 252 prints it for named units and a pattern, read
// unit by unit. The real systemctl answers on the lab VPS (lab.test.ts runs
// --check's service, renewal and spam filter families through it).
import { parseUnitStates, showUnits, unitName, unitState } from '../../src/server/unit-states.js';

// Named units first (one not installed), then what '*.timer' matched, mailsetup's timer again among them.
const SHOWN = `Result=success
ControlGroup=/system.slice/chasquid.service
Id=chasquid.service
LoadState=loaded
ActiveState=active
UnitFileState=enabled

ControlGroup=
Id=rspamd.service
LoadState=not-found
ActiveState=inactive
UnitFileState=

Unit=mailsetup-certificate.service
Id=mailsetup-certificate.timer
LoadState=loaded
ActiveState=active

Unit=apt-daily.service
Id=apt-daily.timer
LoadState=loaded
ActiveState=active

Unit=mailsetup-certificate.service
Id=mailsetup-certificate.timer
LoadState=loaded
ActiveState=inactive
`;

test('each block is one unit, by its Id; a unit shown twice keeps its first block', () => {
  const states = parseUnitStates(SHOWN);
  expect([...states.keys()]).toEqual(['chasquid.service', 'rspamd.service', 'mailsetup-certificate.timer', 'apt-daily.timer']);
  expect(unitState(states, 'chasquid').get('ControlGroup')).toBe('/system.slice/chasquid.service');
  expect(unitState(states, 'rspamd').get('LoadState')).toBe('not-found');
  expect(unitState(states, 'mailsetup-certificate.timer').get('ActiveState')).toBe('active');
});

test('a unit systemd did not show reads as an empty state; a block with no Id is dropped', () => {
  const states = parseUnitStates('ActiveState=active\nUnitFileState=enabled\n');
  expect(states.size).toBe(0);
  expect(unitState(states, 'chasquid').get('ActiveState')).toBeUndefined();
});

test('a unit without a type is a service; the command asks every property for every unit and pattern, quoted', () => {
  expect(unitName('chasquid')).toBe('chasquid.service');
  expect(unitName('certbot.timer')).toBe('certbot.timer');
  const cmd = showUnits(['chasquid', '*.timer']).text;
  expect(cmd).toMatch(/^systemctl show /);
  expect(cmd).toContain("'-p' Id");
  expect(cmd.endsWith(" chasquid.service '*.timer'")).toBe(true);
});
