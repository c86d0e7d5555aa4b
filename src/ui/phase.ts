// Where the wizard is (one phase at a time) and what its step list on the
// left shows for it. Pure: the App holds the phase, this says what it means.
import type { PreparedRun, RunReport } from './controller.js';
import type { StepItem } from './components/StepList.js';
import type { ResultPage } from './result-pages.js';
import { screens } from './wizard-screens.js';

export type Phase =
  | { kind: 'welcome' }
  | { kind: 'form'; index: number }
  | { kind: 'invalid'; problems: string }
  | { kind: 'planning' }
  | { kind: 'review'; run: PreparedRun; commands?: boolean }
  | { kind: 'running' }
  | { kind: 'results'; report: RunReport; page: number }
  | { kind: 'status'; lines: string[] | null; error?: string; back?: Phase }
  | { kind: 'changes' }
  | { kind: 'failed'; report: RunReport };

/** The list's entries after the question screens: the run and the pages after it. */
const RUN_ITEMS = [
  { id: 'review', title: 'Review' },
  { id: 'run', title: 'Set up the server' },
  { id: 'records', title: 'DNS records' },
  { id: 'rdns', title: 'Reverse DNS' },
  { id: 'sendas', title: 'Send as (Gmail)' },
  { id: 'summary', title: 'Summary' },
];

/** The results phase opened at one page by its id (the Failed screen's "summary" opens the summary, wherever it is). */
export function resultsAt(report: RunReport, pages: ResultPage[], id: string): Phase {
  return { kind: 'results', report, page: Math.max(0, pages.findIndex((p) => p.id === id)) };
}

export function stepItems(phase: Phase, pages: ResultPage[]): StepItem[] {
  // Day two from the resume screen is not a walk through the setup: the list shows where the user is instead.
  const aside = phase.kind === 'changes' ? 'Change the server' : phase.kind === 'status' && phase.back?.kind !== 'results' ? 'Status and logs' : null;
  if (aside) return [{ id: 'welcome', title: 'Welcome', state: 'done' }, { id: 'aside', title: aside, state: 'current' }];
  const current =
    phase.kind === 'form'
      ? (screens[phase.index]?.id ?? 'review')
      : phase.kind === 'planning' || phase.kind === 'review'
        ? 'review'
        : phase.kind === 'running' ? 'run' : phase.kind === 'results' ? pages[phase.page]?.id : undefined;
  const order = [...screens.map((s) => ({ id: s.id, title: s.title })), ...RUN_ITEMS];
  const at = order.findIndex((s) => s.id === current);
  const state = (id: string, i: number): StepItem['state'] =>
    phase.kind === 'results' && id === 'run' && !phase.report.ok ? 'failed' : i < at ? 'done' : i === at ? 'current' : 'pending';
  return [
    { id: 'welcome', title: 'Welcome', state: phase.kind === 'welcome' ? 'current' : 'done' },
    ...order.map((s, i) => ({ id: s.id, title: s.title, state: state(s.id, i) })),
  ];
}
