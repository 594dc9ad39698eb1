import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, button, buttons, createClassroomFixture, expectPlatformSafe, type ClassroomFixture } from './fixture.ts';

let f: ClassroomFixture;
beforeAll(async () => {
  f = await createClassroomFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

/** Lesson 7's number of sections, as the catalog has it. */
const total = () => f.services.lessons.get(7).sections.length;

async function positionOf(name: string): Promise<number | undefined> {
  const member = await f.db.prisma.member.findFirst({ where: { platformUserId: `id-${name.toLowerCase()}` }, include: { progress: true } });
  return member?.progress.find((p) => p.lessonId === 7)?.position;
}

describe('/lesson', () => {
  it('posts the first section in the channel, with buttons that open a private page', async () => {
    const [reply] = await f.dispatcher.runCommand(f.as('Poster'), 'lesson', { number: 7 });
    expect(reply).toMatchObject({ target: 'reply', tone: 'info' });
    expect(reply!.private).toBeFalsy();
    expect(allText(reply)).toContain(`1/${total()}`);
    expect(button(reply, 'lesson:open:7:0').disabled).toBe(true);
    expect(button(reply, 'lesson:open:7:1').disabled).toBe(false);
    expectPlatformSafe([reply!]);
  });

  it('pages for the member who clicks: two members paging at once never move each other', async () => {
    const [shared] = await f.dispatcher.runCommand(f.as('Host'), 'lesson', { number: 7 });
    const next = button(shared, 'lesson:open:7:1').actionId;
    const [ana, ben] = await Promise.all([f.dispatcher.runAction(f.as('Ana'), next), f.dispatcher.runAction(f.as('Ben'), next)]);
    for (const replies of [ana!, ben!]) {
      expect(replies[0]).toMatchObject({ target: 'reply', private: true });
      expect(allText(replies[0])).toContain(`2/${total()}`);
    }
    // Ana goes on in her own private page while Ben goes back in his, both at the same moment.
    const [anaNext, benPrev] = await Promise.all([
      f.dispatcher.runAction(f.as('Ana'), button(ana![0], 'lesson:page:7:2').actionId),
      f.dispatcher.runAction(f.as('Ben'), button(ben![0], 'lesson:page:7:0').actionId),
    ]);
    expect(anaNext[0]).toMatchObject({ target: 'update', private: true });
    expect(allText(anaNext[0])).toContain(`3/${total()}`);
    expect(allText(benPrev[0])).toContain(`1/${total()}`);
    expect(await positionOf('Ana')).toBe(2);
    expect(await positionOf('Ben')).toBe(0);
    expect(await positionOf('Host')).toBe(0);
    // "Where I left off" on the shared message brings each back to their own page.
    const [anaBack] = await f.dispatcher.runAction(f.as('Ana'), button(shared, 'lesson:resume:7').actionId);
    expect(anaBack).toMatchObject({ target: 'reply', private: true });
    expect(allText(anaBack)).toContain(`3/${total()}`);
    expectPlatformSafe([...ana!, ...ben!, ...anaNext, ...benPrev]);
  });

  it("posting /lesson 7 again leaves the poster's own page where they left it", async () => {
    const [first] = await f.dispatcher.runCommand(f.as('Returner'), 'lesson', { number: 7 });
    const [own] = await f.dispatcher.runAction(f.as('Returner'), button(first, 'lesson:open:7:1').actionId);
    await f.dispatcher.runAction(f.as('Returner'), button(own, 'lesson:page:7:2').actionId);
    expect(await positionOf('Returner')).toBe(2);
    // The member posts the lesson in the channel once more (a new class, a classmate asking where it is).
    const [again] = await f.dispatcher.runCommand(f.as('Returner'), 'lesson', { number: 7 });
    expect(allText(again)).toContain(`1/${total()}`);
    expect(await positionOf('Returner')).toBe(2);
    const [back] = await f.dispatcher.runAction(f.as('Returner'), button(again, 'lesson:resume:7').actionId);
    expect(allText(back)).toContain(`3/${total()}`);
  });

  it('ends with a button that starts the quiz in DMs', async () => {
    const [last] = await f.dispatcher.runCommand(f.as('Closer'), 'lesson', { number: 7, section: total() });
    expect(button(last, `lesson:open:7:${total() - 1}`).disabled).toBe(true);
    const replies = await f.dispatcher.runAction(f.as('Closer'), button(last, 'quiz:start:7').actionId);
    expect(replies.map((r) => r.target)).toEqual(['dm']);
    expect(replies[0]!.dmNote).toContain('DMs');
    expect(buttons(replies[0])).toHaveLength(4);
  });

  it('answers an unknown lesson number with the lessons that exist', async () => {
    const [reply] = await f.dispatcher.runCommand(f.as('Lost', { locale: 'ko' }), 'lesson', { number: 8 });
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(allText(reply)).toContain('8번 수업은 없어요. 지금 열 수 있는 수업: 7');
  });

  it('refuses a section out of range, from the command and from a forged button', async () => {
    const [fromCommand] = await f.dispatcher.runCommand(f.as('Far'), 'lesson', { number: 7, section: 99 });
    expect(allText(fromCommand)).toContain(`Lesson 7 has sections 1 to ${total()}; there is no section 99.`);
    const [fromButton] = await f.dispatcher.runAction(f.as('Far'), 'lesson:page:7:99');
    expect(fromButton!.tone).toBe('error');
    expect(await positionOf('Far')).toBeUndefined();
  });

  it('answers a stale or malformed action id clearly, never with a crash', async () => {
    for (const id of ['lesson:flip:7:1', 'gone:away', 'nonsense', 'lesson:page:abc:x', 'quiz:answer:999999:q1:a', 'challenge:answer:7:x']) {
      const replies = await f.dispatcher.runAction(f.as('Stale'), id, { text: '512' });
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ tone: 'error', private: true });
      expect(allText(replies[0])).not.toMatch(/went wrong/);
    }
  });
});
