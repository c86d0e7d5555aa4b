// A person's walk through the wizard against a lab VPS, screen by screen:
// every question answered with Enter (the lab prefills them), the Review
// screen paged to its end, the DNS records confirmed, the result pages read
// to the summary. The wizard test and the flavour tests walk the same way.
import { expect } from '@jest/globals';
import type { LabOs } from '../../src/lab/types.js';
import { pastQuestions, waitReview } from './review.js';
import type { Terminal } from './tmux.js';

/** Read the pages after the run (records, reverse DNS, send-as) and return the summary screen. */
export async function readResults(term: Terminal): Promise<{ records: string; rdns: string; sendAs: string; summary: string }> {
  const records = await term.waitFor(/Published for you|mailsetup waited until it saw them|Stopped at/, 900_000);
  if (/Stopped at/.test(records)) throw new Error(`the run stopped:\n${records}`);
  await term.keys('Enter');
  const rdns = await term.waitFor(/Receivers look the sending IP up/);
  await term.keys('Enter');
  const sendAs = await term.waitFor(/Add another email address/);
  await term.keys('Enter');
  const summary = await term.waitFor(/Your mail server is ready\.|some checks fail/);
  return { records, rdns, sendAs, summary };
}

/**
 * The DNS records screen the run stops at before publishing: read it page by
 * page to the end of the zone snippet (each page is kept as an artifact),
 * then press Enter to publish. Returns every line seen.
 */
export async function confirmRecords(term: Terminal): Promise<string> {
  let screen = await term.waitFor(/DNS records for [a-z0-9.-]+\.test[\s\S]*Enter: publish them|Stopped at/, 900_000);
  if (/Stopped at/.test(screen)) throw new Error(`the run stopped:\n${screen}`);
  const seen = [screen];
  for (let i = 0; i < 20; i++) {
    const at = /scroll \(\d+-(\d+) of (\d+)\)/.exec(screen);
    if (!at || at[1] === at[2]) break;
    await term.keys('Space');
    screen = await term.waitFor(new RegExp(`scroll \\(\\d+-(?!${at[1]} of)\\d+ of ${at[2]}\\)`));
    seen.push(screen);
  }
  await term.keys('Enter');
  return seen.join('\n');
}

/** The Review screen's plan, paged with Space to its end: the right column's rows of every page (the step list takes the first 23 columns). */
export async function readReview(term: Terminal): Promise<string> {
  let screen = await waitReview(term);
  const seen = [screen];
  for (let i = 0; i < 30; i++) {
    const at = /more \(\d+-(\d+) of (\d+)\)/.exec(screen);
    if (!at || at[1] === at[2]) break;
    await term.keys('Space');
    screen = await term.waitFor(new RegExp(`more \\(\\d+-(?!${at[1]} of)\\d+ of ${at[2]}\\)`));
    seen.push(screen);
  }
  return seen.flatMap((page) => page.split('\n').map((row) => row.slice(23))).join('\n');
}

/** Answer every question screen with Enter (the lab prefills them all) until the review is being prepared. */
export async function answerScreens(term: Terminal, os: LabOs = 'debian12'): Promise<string> {
  await term.waitFor(/Ready\?|What now\?/);
  await term.keys('Enter');
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    const screen = await term.screen();
    seen.push(screen);
    if (pastQuestions(screen)) return seen.join('\n');
    // The chasquid screen only informs: it must show what will be installed, and how it listens and announces itself.
    if (/Installs chasquid/.test(screen)) expect(screen).toMatch(/(1\.11|1\.15)[\s\S]*Listens on:[\s\S]*Announces itself as smtp\.[a-z0-9.-]+\.test/);
    // The last two ask where the backup goes and where the test mail goes (the lab's inbox).
    if (/Keep the backup/.test(screen)) expect(screen).toContain(`backup-${os}`);
    if (/Send a test mail to/.test(screen)) expect(screen).toMatch(/me@inbox\.test/);
    if (/✗ /.test(screen)) throw new Error(`a prefilled answer was refused:\n${screen}`);
    await term.keep(screen);
    await term.keys('Enter');
  }
  throw new Error('the question screens never ended');
}
