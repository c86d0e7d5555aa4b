// The problems an answers file is refused with; a file that is accepted
// fails the test (a hostile answer must never pass silently).
import { expect } from '@jest/globals';
import { AnswersFileError, parseAnswersYaml } from '../../../src/state/answers-file.js';

export function refusal(text: string): string[] {
  try {
    parseAnswersYaml(text, 'answers.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(AnswersFileError);
    return (error as AnswersFileError).problems;
  }
  throw new Error(`expected a refusal for ${text.slice(0, 200)}`);
}
