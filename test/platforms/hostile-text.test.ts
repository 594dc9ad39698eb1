// Hostile names on every platform: members named with the shared corpus (test/support/
// hostile-strings.ts) earn points through the real core on the real Postgres, then the leaderboard,
// a member's progress card, /instructor's answer, the grader's feedback on the same strings typed
// as challenge answers, and the CSV report are rendered by each
// platform's real renderer. Whatever the name, it shows as text: no link, no mention, no
// reordering or invisible characters, no formula, no terminal escape, and a 5,000-character name
// cut with an ellipsis. (That Discord messages ping no one is tested against the double in
// test/discord/classroom.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackReply } from '../../commands/views/challenge-view.ts';
import { leaderboardReply, progressReply } from '../../commands/views/progress-view.ts';
import { userText } from '../../src/core/display-text.ts';
import type { Reply } from '../../src/core/reply.ts';
import { renderReply as renderConsole } from '../../src/platforms/console/render.ts';
import { renderReply as renderDiscord } from '../../src/platforms/discord/render.ts';
import { renderReply as renderSlack } from '../../src/platforms/slack/render/blocks.ts';
import { validateBlocks } from '../support/slack-double/block-kit.ts';
import { createCoreFixture, type CoreFixture } from '../core/fixture.ts';
import { HOSTILE_STRINGS, INVISIBLE_OR_REORDERING } from '../support/hostile-strings.ts';

const t = (text: { ko: string; en: string }) => text.en;
const NAMES = Object.values(HOSTILE_STRINGS);

let f: CoreFixture;
/** The class's replies that show member names, built once from the real core. */
let replies: Reply[];
let csv: string;

beforeAll(async () => {
  f = await createCoreFixture();
  const room = { classroom: 'hostile' };
  const teacher = await f.join('Teacher', { ...room, role: 'instructor' });
  for (const [i, name] of NAMES.entries()) {
    const member = await f.services.roster.resolve(
      { platform: 'console', externalId: 'hostile' },
      { platformUserId: `m${i}`, displayName: name, platformRole: 'student' },
    );
    await f.services.challenge.answer(member, 7, 1, '512');
    // Opted in, so the public leaderboard shows the hostile names (others appear as "Student N").
    await f.services.dataRights.showNameOnLeaderboard(member, true);
  }
  const board = await f.services.progress.leaderboard(teacher, 50);
  replies = [leaderboardReply(board, t, teacher.memberId)];
  for (let i = 0; i < NAMES.length; i += 1) replies.push(progressReply(await f.services.progress.of(teacher, `m${i}`), t, false));
  for (const name of NAMES)
    replies.push({
      blocks: [
        { kind: 'text', text: `${userText(name)} is now an instructor.` },
        { kind: 'fields', fields: [{ name: 'Who', value: userText(name) }] },
      ],
    });
  // Free answers: the grader's feedback on each hostile string typed as a challenge answer.
  const answerer = await f.join('Answerer', room);
  for (const name of NAMES) replies.push(feedbackReply(await f.services.challenge.answer(answerer, 7, 1, `${name} nn.Linear(${name}, 7)`), t));
  csv = await f.services.progress.reportCsv(teacher);
}, 120_000);
afterAll(async () => {
  await f?.db.drop();
});

describe('the hostile corpus through the core', () => {
  it('is stored and listed cleaned: no bidi, invisible or control characters, and at most 80 characters', async () => {
    const stored = await f.prisma.member.findMany({ where: { platformUserId: { startsWith: 'm' } } });
    expect(stored).toHaveLength(NAMES.length);
    for (const member of stored) {
      expect(member.displayName).not.toMatch(INVISIBLE_OR_REORDERING);
      expect([...member.displayName].length).toBeLessThanOrEqual(80);
    }
    expect(stored.map((m) => m.displayName)).toEqual(expect.arrayContaining(['Mina 001 stp', 'Junevilx', 'Teacher', '[2J [31mred', `L${'o'.repeat(78)}…`]));
  });

  it('the CSV report quotes formulas, carries no reordering characters and cuts the long name', () => {
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(csv).not.toMatch(INVISIBLE_OR_REORDERING);
    expect(csv).toContain(`L${'o'.repeat(78)}…`);
    expect(csv).not.toContain('o'.repeat(100));
  });
});

describe('Slack', () => {
  const rendered = () => replies.map(renderSlack);
  const mrkdwnTexts = (value: unknown): { text: string; verbatim?: boolean }[] =>
    JSON.stringify(value).includes('"mrkdwn"') ? (findAll(value, (o) => o.type === 'mrkdwn') as { text: string; verbatim?: boolean }[]) : [];

  it('escapes every name: no link, no mention, no special sequence Slack would parse', () => {
    for (const message of rendered()) {
      expect(validateBlocks(message.blocks)).toEqual([]);
      for (const text of [message.text, ...mrkdwnTexts(message.blocks).map((m) => m.text)]) {
        // No control sequence at all: neither `<url|label>`, `<!channel>` nor `<@U…>`.
        expect(text).not.toMatch(/[<>]/);
      }
      expect(mrkdwnTexts(message.blocks).every((m) => m.verbatim === true)).toBe(true);
      expect(JSON.stringify(message)).not.toMatch(INVISIBLE_OR_REORDERING);
    }
    const board = JSON.stringify(rendered()[0]);
    expect(board).toContain('[free answers](https://evil.example/phish)');
    expect(board).toContain('&lt;!channel&gt;');
    expect(board).toContain('&lt;@U0ADMIN&gt;');
    expect(board).toContain(`L${'o'.repeat(78)}…`);
  });
});

describe('Discord', () => {
  const rendered = () => replies.map((r) => renderDiscord(r));
  const shown = (message: ReturnType<typeof renderDiscord>) =>
    message.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((x) => [x.name, x.value])]);

  it('backslash-escapes every name: no masked link, mention, autolink or formatting', () => {
    for (const message of rendered()) {
      for (const text of shown(message)) {
        expect(text).not.toMatch(/(^|[^\\])\[free answers\]/);
        expect(text).not.toMatch(/(^|[^\\])<@/);
        expect(text).not.toMatch(/(^|[^\\])@(everyone|here)/);
        expect(text).not.toMatch(/https:\/\//);
        expect(text).not.toMatch(/(^|[^\\])\|\|spoiler/);
      }
      expect(JSON.stringify(message)).not.toMatch(INVISIBLE_OR_REORDERING);
    }
    const board = rendered()[0]!.embeds[0]!.description!;
    expect(board).toContain('\\[free answers\\]\\(https\\://evil.example/phish\\)');
    expect(board).toContain('\\<\\@&987654321098765432\\>');
    expect(board).toContain(`L${'o'.repeat(78)}…`);
  });
});

describe('the console', () => {
  it('prints every name as its cleaned characters, with no terminal escape', async () => {
    for (const reply of replies) {
      const out = await renderConsole(reply, [], async () => '');
      expect(out).not.toMatch(INVISIBLE_OR_REORDERING);
      expect(out).not.toMatch(/[\uE000\uE001]/);
    }
    const board = await renderConsole(replies[0]!, [], async () => '');
    expect(board).toContain('[free answers](https://evil.example/phish)');
    expect(board).toContain('<!channel>');
    expect(board).toContain(`L${'o'.repeat(78)}…`);
  });
});

function findAll(value: unknown, match: (o: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap((v) => findAll(v, match));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return [...(match(o) ? [o] : []), ...Object.values(o).flatMap((v) => findAll(v, match))];
  }
  return [];
}
