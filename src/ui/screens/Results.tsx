// The pages after the run (records, reverse DNS, send-as, summary), one at a
// time; the last one quits, or opens the status page with `s`.
import { OnKey } from '../components/OnKey.js';
import { TextPage } from '../components/TextPage.js';
import type { ResultPage } from '../result-pages.js';

export interface ResultsProps {
  pages: ResultPage[];
  page: number;
  onPage: (page: number) => void;
  onQuit: () => void;
  onStatus: () => void;
}

export function Results({ pages, page, onPage, onQuit, onStatus }: ResultsProps) {
  const shown = pages[page]!;
  const last = page >= pages.length - 1;
  return (
    <>
      <TextPage
        key={shown.id}
        title={shown.title}
        why={shown.why}
        lines={shown.lines}
        next={last ? 'Enter: quit · s: status and logs' : 'Enter: next'}
        onNext={() => (last ? onQuit() : onPage(page + 1))}
      />
      {last ? <OnKey keys={{ s: onStatus }} /> : null}
    </>
  );
}
