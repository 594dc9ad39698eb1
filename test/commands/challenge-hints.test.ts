// A stuck member gets the hint before the solution: the first wrong answer brings the step's hint,
// the second a "Show the solution" button; the solution is refused on the server before that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, button, buttons, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from './fixture.ts';

let f: ClassroomFixture;
beforeAll(async () => {
  f = await createClassroomFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

describe('/challenge: the hint before the solution', () => {
  it('first wrong answer → the hint, second → the solution button; the solution is refused before then', async () => {
    const me = f.as('Stuck');
    const step1 = f.services.catalog.get(7)!.challenge.steps[0]!;
    const [shown] = await f.dispatcher.runCommand(me, 'challenge', { lesson: 7 });
    // The printed head the sizes are read from comes with the step.
    expect(allText(shown)).toContain('Linear(in_features=512, out_features=1000, bias=True)');
    const answer = button(shown, 'challenge:answer:7:1').actionId;

    const [early] = await f.dispatcher.runAction(me, 'challenge:solution:7:1');
    expect(early!.tone).toBe('error');
    expect(allText(early)).toContain('The solution opens after 2 wrong answers');

    const [first] = await f.dispatcher.runAction(me, answer, { text: '1000' });
    expect(first!.tone).toBe('warning');
    expect(allText(first)).toContain(step1.hint.en);
    expect(allText(first)).not.toContain(step1.solution.en);
    expect(buttons(first).map((b) => b.actionId)).toEqual([answer]);
    const [stillEarly] = await f.dispatcher.runAction(me, 'challenge:solution:7:1');
    expect(stillEarly!.tone).toBe('error');

    const [second] = await f.dispatcher.runAction(me, answer, { text: '7' });
    expect(allText(second)).not.toContain(step1.hint.en);
    const solutionButton = button(second, 'challenge:solution:7:1');
    expect(solutionButton.label).toBe('📖 Show the solution');

    const [solution] = await f.dispatcher.runAction(me, solutionButton.actionId);
    expect(allText(solution)).toContain(step1.solution.en);
    expect(button(solution, 'challenge:answer:7:1').prompt).toBeDefined();
    expectPlatformSafe([shown!, first!, second!, solution!]);

    // A solved step's solution is open, whatever the count.
    const other = f.as('Quick');
    await f.dispatcher.runAction(other, answer, { text: '512' });
    const [open] = await f.dispatcher.runAction(other, 'challenge:solution:7:1');
    expect(allText(open)).toContain(step1.solution.en);
    expect(buttons(open)).toEqual([]);
  });

  it('a later step is locked for its solution as for its answer', async () => {
    const me = f.as('Skipper');
    const [locked] = await f.dispatcher.runAction(me, 'challenge:solution:7:3');
    expect(allText(locked)).toContain('Please solve step 1 first.');
  });
});
