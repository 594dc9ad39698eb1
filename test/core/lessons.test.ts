import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreFixture, userErrorCode, type CoreFixture } from './fixture.ts';

let f: CoreFixture;
beforeAll(async () => {
  f = await createCoreFixture();
});
afterAll(async () => {
  await f?.db.drop();
});

async function points(memberId: number): Promise<number> {
  const sum = await f.prisma.pointEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  return sum._sum.points ?? 0;
}

describe('lessons', () => {
  it('lists lesson 7 and names the available lessons for an unknown number', async () => {
    expect(f.services.lessons.list().map((l) => l.id)).toContain(7);
    const member = await f.join('Curious');
    let message = '';
    try {
      await f.services.lessons.view(member, 99, 0);
    } catch (error) {
      message = (error as { text: { en: string; ko: string } }).text.en;
    }
    expect(message).toBe('There is no lesson 99. Lessons you can open: 7');
    expect(await userErrorCode(() => f.services.lessons.view(member, 'abc', 0))).toBe('unknown-lesson');
  });

  it('records a section once, pays its point once, and remembers the page', async () => {
    const member = await f.join('Reader');
    const first = await f.services.lessons.view(member, 7, 1);
    expect(first.pointsEarned).toBe(1);
    const again = await f.services.lessons.view(member, 7, 1);
    expect(again.pointsEarned).toBe(0);
    expect(again.sectionsSeen).toEqual([1]);
    expect(await points(member.memberId)).toBe(1);
    expect((await f.services.lessons.resume(member, 7)).index).toBe(1);
  });

  it("pages from the member's own position and refuses to leave the lesson", async () => {
    const member = await f.join('Pager');
    const total = f.catalog.get(7)!.sections.length;
    expect((await f.services.lessons.step(member, 7, 1)).index).toBe(1);
    expect((await f.services.lessons.step(member, 7, -1)).index).toBe(0);
    expect(await userErrorCode(() => f.services.lessons.step(member, 7, -1))).toBe('section-out-of-range');
    expect(await userErrorCode(() => f.services.lessons.view(member, 7, total))).toBe('section-out-of-range');
    expect(await userErrorCode(() => f.services.lessons.view(member, 7, Number.NaN))).toBe('section-out-of-range');
    // The refused moves left the page where it was.
    expect((await f.services.lessons.resume(member, 7)).index).toBe(0);
  });

  it("keeps two members' pages apart", async () => {
    const a = await f.join('PageA');
    const b = await f.join('PageB');
    await Promise.all([f.services.lessons.view(a, 7, 2), f.services.lessons.view(b, 7, 0)]);
    expect((await f.services.lessons.resume(a, 7)).index).toBe(2);
    expect((await f.services.lessons.resume(b, 7)).index).toBe(0);
  });

  it('counts a section viewed twice at once only once', async () => {
    const member = await f.join('Racer');
    await Promise.all([0, 0, 0, 0].map((i) => f.services.lessons.view(member, 7, i)));
    const row = await f.prisma.lessonProgress.findUniqueOrThrow({ where: { memberId_lessonId: { memberId: member.memberId, lessonId: 7 } } });
    expect(row.sectionsSeen).toEqual([0]);
    expect(await points(member.memberId)).toBe(1);
  });

  it('completes the lesson when every section has been seen', async () => {
    const member = await f.join('Finisher');
    const total = f.catalog.get(7)!.sections.length;
    for (let i = 0; i < total - 1; i++) expect((await f.services.lessons.view(member, 7, i)).completed).toBe(false);
    expect((await f.services.lessons.view(member, 7, total - 1)).completed).toBe(true);
    const row = await f.prisma.lessonProgress.findUniqueOrThrow({ where: { memberId_lessonId: { memberId: member.memberId, lessonId: 7 } } });
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(await points(member.memberId)).toBe(total);
  });
});
