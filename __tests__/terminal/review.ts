// The Review screen in a real terminal: after the last answer the wizard
// connects and plans ("Looking at ..."), then waits on the review for Start.

const REVIEW = /Review: nothing has changed yet[\s\S]*❯ Start/;

/** Whether the screen is past the questions: planning, reviewing or already running. */
export const pastQuestions = (screen: string) => /Looking at |Review: nothing has changed yet|Setting up/.test(screen);

/** Wait for the Review screen (connecting and planning take a few seconds) and return it. */
export async function waitReview(term: { waitFor(p: RegExp, ms?: number): Promise<string> }): Promise<string> {
  return term.waitFor(REVIEW, 120_000);
}

/**
 * Start from the Review screen (Start is the first choice, selected) and wait
 * for the run. A key sent while the screen changed may have started it already;
 * a rerun on a finished server may be through its steps before the first
 * capture, already on the records page.
 */
export async function startFromReview(term: { waitFor(p: RegExp, ms?: number): Promise<string>; keys(...k: string[]): Promise<void> }): Promise<void> {
  const screen = await term.waitFor(/Review: nothing has changed yet[\s\S]*❯ Start|Setting up/, 120_000);
  if (!/Setting up/.test(screen)) await term.keys('Enter');
  await term.waitFor(/Setting up|Published for you|mailsetup waited until it saw them|Stopped at/, 60_000);
}
