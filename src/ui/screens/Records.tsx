// The DNS records, shown when the run reaches the DNS step (the DKIM key
// exists only then) and before anything is published: the changes to make,
// the zone snippet to copy, and Enter to go on. Then the step publishes (or,
// for a manual provider, checks DNS) and the task tree turns each record ✓.
import { TextPage } from '../components/TextPage.js';
import type { RecordsReview } from '../../tasks/types.js';
import { recordsReviewLines } from '../records-view.js';
import { publisherName } from '../../dns/providers/registry/index.js';

/** Rows of records: the whole screen, with the wizard's header, the title and the footer, fits 24 rows. */
export const RECORDS_ROWS = 16;

export function Records({ review, onContinue }: { review: RecordsReview; onContinue: () => void }) {
  const manual = review.provider === 'manual';
  return (
    <TextPage
      title={`DNS records for ${review.domain}`}
      why={
        manual
          ? 'Add these at your DNS provider; then mailsetup checks DNS until each one shows up.'
          : `mailsetup publishes these through ${publisherName(review.provider)}, then checks each one.`
      }
      lines={recordsReviewLines(review)}
      rows={RECORDS_ROWS}
      enterOnly
      next={manual ? 'Enter: I added them' : 'Enter: publish them'}
      onNext={onContinue}
    />
  );
}
