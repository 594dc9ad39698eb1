// The web dashboard in a real browser (Debian's chromium through playwright-core), against the real
// program: src/main.ts in console mode on a fresh Postgres database, with the dashboard on a free
// port. An instructor gets a sign-in link from /dashboard as the bot prints it, signs in, sees the
// class, accepts a wrongly graded answer and sees the student's points change; expired, reused,
// student and missing credentials are each refused, and a hostile member name stays text.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { verdictLabel } from '../../src/core/challenge/verdict-labels.ts';
import { loadLessons } from '../../src/core/lessons/content.ts';
import { LinkSigner } from '../../src/dashboard/links.ts';
import { createBlankDatabase, type BlankDatabase } from '../support/database.ts';
import { HOSTILE_STRINGS } from '../support/hostile-strings.ts';
import { patience } from '../support/patience.ts';
import { startConsoleMain, type ConsoleMain } from '../support/run-main.ts';
import pg from 'pg';

const CHROMIUM = '/usr/bin/chromium';
const SECRET = randomBytes(32).toString('hex');
const wait = patience();

let db: BlankDatabase;
let bot: ConsoleMain;
let dir: string;
let browser: Browser;
let base: string;
let sql: pg.Client;

/** What `/dashboard` answered the member now typing: the link, or the refusal. */
async function dashboardLink(): Promise<string> {
  bot.type('/dashboard');
  const [url] = await bot.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/signin\?t=[0-9a-z.]+/, wait);
  return url;
}

async function as(name: string, role: 'student' | 'instructor' = 'student') {
  bot.type(`/as ${name} ${role}`);
  await bot.waitForOutput(/You are now/, wait);
}

async function memberId(name: string): Promise<{ id: number; classroomId: number }> {
  const { rows } = await sql.query('SELECT id, "classroomId" FROM "Member" WHERE "platformUserId" = $1', [name.toLowerCase()]);
  return rows[0];
}

async function points(name: string): Promise<number> {
  const { rows } = await sql.query(
    'SELECT COALESCE(SUM(p.points), 0)::int AS total FROM "PointEntry" p JOIN "Member" m ON m.id = p."memberId" WHERE m."platformUserId" = $1',
    [name.toLowerCase()],
  );
  return rows[0].total;
}

/** A fresh profile: no cookie from an earlier test leaks in. */
function freshContext(): Promise<BrowserContext> {
  return browser.newContext({ locale: 'en-US' });
}

async function signIn(context: BrowserContext, link: string) {
  const page = await context.newPage();
  await page.goto(link);
  await page.click('#signin');
  await page.waitForURL(`${base}/`);
  return page;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  db = await createBlankDatabase();
  dir = await mkdtemp(join(tmpdir(), 'fv-dashboard-'));
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  bot = startConsoleMain(['--as', 'Mina'], {
    DATABASE_URL: db.url,
    DATA_DIR: dir,
    LANG: 'en_US.UTF-8',
    DASHBOARD_PORT: '0',
    DASHBOARD_SECRET: SECRET,
  });
  [, base] = (await bot.waitForLog(/dashboard: listening on \S+ \((http:\/\/127\.0\.0\.1:\d+)\)/, wait)) as unknown as [string, string];
  await bot.waitForOutput(/\/quit leaves\./, wait);
  // Mina answers step 1 with the ImageNet class count; the grader refuses it, the instructor accepts it.
  // Chosen, so the DM she gets about the override is in English (the console classroom's default is Korean).
  bot.type('/language en');
  await bot.waitForOutput(/English/, wait);
  bot.type('/challenge 7');
  await bot.waitForOutput(/Step 1 of 3/, wait);
  bot.type('1000');
  await bot.waitForOutput(/Step 1: not yet/, wait);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, patience(120_000));

afterAll(async () => {
  await browser?.close();
  if (bot) expect(await bot.stop()).toBe(0);
  await sql?.end();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, patience(60_000));

describe('the dashboard in chromium', () => {
  it('signs an instructor in with the link the bot sent, shows the class, and an override changes the points', async () => {
    await as('Teacher', 'instructor');
    const link = await dashboardLink();
    expect(bot.stdout()).toContain('It works once, for the next 15 minutes');
    const context = await freshContext();
    const page = await signIn(context, link);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'foodvision_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    const row = page.locator('#class tr', { hasText: 'Mina' });
    await expect(row.locator('.points').textContent()).resolves.toBe('0');
    expect(await points('Mina')).toBe(0);

    await row.getByRole('link', { name: 'Answers' }).click();
    const card = page.locator('section.answer', { hasText: '1000' });
    await expect(card.getAttribute('data-correct')).resolves.toBe('false');
    await card.locator('textarea[name=note]').fill('Wrong number, but you explained it well in class');
    await card.getByRole('button', { name: 'Accept as correct' }).click();
    await expect(page.locator('#notice').textContent()).resolves.toMatch(/now counts as ✅ correct\. Points \+10 \(now 10\)\. Mina was told in a DM\./);
    await expect(page.locator('section.answer', { hasText: '1000' }).getAttribute('data-correct')).resolves.toBe('true');

    // The student's DM (the console prints DMs to other members), and the points behind the page.
    await bot.waitForOutput(
      /── → Mina[\s\S]*now counts as ✅ correct[\s\S]*Wrong number, but you explained it well in class[\s\S]*Points \+10 \(now 10\)/,
      wait,
    );
    expect(await points('Mina')).toBe(10);
    await page.getByRole('link', { name: 'Class' }).click();
    await expect(page.locator('#class tr', { hasText: 'Mina' }).locator('.points').textContent()).resolves.toBe('10');
    const { rows: audit } = await sql.query('SELECT "byName", "beforeCorrect", "afterCorrect", note FROM "ChallengeOverride"');
    expect(audit).toEqual([{ byName: 'Teacher', beforeCorrect: false, afterCorrect: true, note: 'Wrong number, but you explained it well in class' }]);

    // Every page answers and carries the security headers.
    for (const path of ['/', '/answers', '/insights', '/leaderboard', '/models', '/corrections']) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      const headers = response!.headers();
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['content-security-policy']).toContain("default-src 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
    }
    await page.goto(`${base}/leaderboard`);
    await expect(page.locator('#leaderboard').textContent()).resolves.toContain('Mina');
    await context.close();
  });

  it('refuses a link used once already', async () => {
    await as('Teacher', 'instructor');
    const link = await dashboardLink();
    const first = await freshContext();
    await signIn(first, link);
    await first.close();
    const second = await freshContext();
    const page = await second.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(401);
    await expect(page.locator('#refused').textContent()).resolves.toContain('already used');
    expect(await second.cookies()).toEqual([]);
    await second.close();
  });

  it('refuses an expired link, a forged one, and a link minted for a student', async () => {
    const teacher = await memberId('Teacher');
    const mina = await memberId('Mina');
    const signer = new LinkSigner(SECRET);
    const context = await freshContext();
    const page = await context.newPage();
    const expired = signer.sign({
      ...teacher,
      memberId: teacher.id,
      language: 'en',
      expiresAt: new Date(Date.now() - 1_000),
      nonce: randomBytes(16).toString('hex'),
    });
    expect((await page.goto(`${base}/signin?t=${expired}`))?.status()).toBe(401);
    await expect(page.locator('#refused').textContent()).resolves.toContain('expired');

    const forged = new LinkSigner('not-the-secret-'.repeat(3)).mint({ memberId: teacher.id, classroomId: teacher.classroomId, language: 'en' }).token;
    expect((await page.goto(`${base}/signin?t=${forged}`))?.status()).toBe(401);
    await expect(page.locator('#refused').textContent()).resolves.toContain('not a valid sign-in link');

    const forStudent = signer.mint({ memberId: mina.id, classroomId: mina.classroomId, language: 'en' }).token;
    expect((await page.goto(`${base}/signin?t=${forStudent}`))?.status()).toBe(403);
    await expect(page.locator('#refused').textContent()).resolves.toContain('for instructors only');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it("refuses a student's /dashboard in the chat", async () => {
    await as('Mina');
    bot.type('/dashboard');
    await bot.waitForOutput(/\/dashboard is for instructors only/, wait);
    expect(bot.stdout()).not.toMatch(/Mina > \/dashboard\n[^>]*signin\?t=/);
  });

  it('refuses a browser with no session cookie, and a form without the session token', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    for (const path of ['/', '/answers', '/models']) {
      expect((await page.goto(`${base}${path}`))?.status(), path).toBe(401);
      await expect(page.locator('#refused').textContent()).resolves.toContain('Please sign in');
    }
    await context.close();

    await as('Teacher', 'instructor');
    const signed = await freshContext();
    const inside = await signIn(signed, await dashboardLink());
    const answerId = String((await sql.query('SELECT id FROM "ChallengeAnswer" LIMIT 1')).rows[0].id);
    // A POST from another site: refused by the Origin check before it reaches a page.
    const crossSite = await signed.request.post(`${base}/answers`, {
      form: { answer: answerId, verdict: 'reject' },
      headers: { Origin: 'https://evil.example' },
    });
    expect(crossSite.status()).toBe(403);
    // Same origin but without this session's token: refused by the page, nothing changes.
    const noToken = await signed.request.post(`${base}/answers`, { form: { answer: answerId, verdict: 'reject', csrf: 'guess' }, headers: { Origin: base } });
    expect(await noToken.text()).toContain('This form has expired');
    expect(await points('Mina')).toBe(10);
    await inside.close();
    await signed.close();
  });

  it('an instructor demoted since signing in loses access on the next page', async () => {
    await as('Helper', 'instructor');
    const context = await freshContext();
    const page = await signIn(context, await dashboardLink());
    await expect(page.locator('#me').textContent()).resolves.toBe('Helper');
    // The platform stops calling Helper an instructor: their next call records the role.
    await as('Helper');
    bot.type('/progress');
    // Lines run in order: once /whoami answers, /progress has been handled.
    bot.type('/whoami');
    await bot.waitForOutput(/Helper \(student\)\n/, wait);
    expect((await sql.query('SELECT role FROM "Member" WHERE "platformUserId" = $1', ['helper'])).rows[0].role).toBe('student');
    expect((await page.reload())?.status()).toBe(403);
    await expect(page.locator('#refused').textContent()).resolves.toContain('for instructors only');
    await context.close();
  });

  it('shows a hostile member name as text', async () => {
    await sql.query('UPDATE "Member" SET "displayName" = $1 WHERE "platformUserId" = $2', [HOSTILE_STRINGS.html, 'mina']);
    await as('Teacher', 'instructor');
    const context = await freshContext();
    const page = await signIn(context, await dashboardLink());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    for (const path of ['/', '/answers', `/answers?member=${(await memberId('Mina')).id}`, '/leaderboard']) {
      await page.goto(`${base}${path}`);
      expect(await page.locator('main').textContent(), path).toContain('<img src=x onerror="window.pwned=1">');
      expect(await page.locator('main img, main script, main b').count(), path).toBe(0);
      expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned), path).toBeUndefined();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('question analytics, not-started members and the corrections queue in chromium', () => {
  it('shows the first-attempt rates and choices of real quiz answers, the step mistakes and the chart', async () => {
    const lesson = (await loadLessons()).get(7)!;
    const asked = Math.min(lesson.quizDraw ?? lesson.quiz.length, lesson.quiz.length);
    // Jun, a new student, takes the quiz (always the first option) and misses challenge step 1.
    await as('Jun');
    bot.type('/language en');
    await bot.waitForOutput(/English/, wait);
    bot.type('/quiz 7');
    for (let i = 0; i < asked; i += 1) bot.type('1');
    await bot.waitForOutput(/This attempt: \d+\/\d+/, wait);
    bot.type('/challenge 7');
    await bot.waitForOutput(/Step 1 of 3/, wait);
    bot.type('1000');
    await bot.waitForOutput(/Step 1: not yet/, wait);
    const jun = await memberId('Jun');
    const { rows: answers } = await sql.query(
      'SELECT a."questionId", a.choice, a.correct FROM "QuizAnswer" a JOIN "QuizAttempt" q ON q.id = a."attemptId" WHERE q."memberId" = $1',
      [jun.id],
    );
    expect(answers).toHaveLength(asked);
    const { rows: verdicts } = await sql.query('SELECT verdict FROM "ChallengeAnswer" WHERE "memberId" = $1 AND step = 1 AND NOT correct', [jun.id]);
    expect(verdicts).toHaveLength(1);

    await as('Teacher', 'instructor');
    const context = await freshContext();
    const page = await signIn(context, await dashboardLink());
    await page.getByRole('link', { name: 'Question analytics' }).click();
    await page.waitForURL(`${base}/insights`);
    await page.goto(`${base}/insights?lesson=7`);
    await expect(page.locator('#lesson').getAttribute('data-lesson')).resolves.toBe('7');
    // Jun is the only student with a quiz attempt: each question he answered shows his one answer.
    for (const answer of answers) {
      const row = page.locator(`#questions tr[data-question="${answer.questionId}"]`);
      await expect(row.locator('.rate').textContent()).resolves.toBe(answer.correct ? '100% (1/1)' : '0% (0/1)');
      await expect(row.locator(`.first [data-option="${answer.choice}"]`).textContent()).resolves.toMatch(/ 1 \(100%\)$/);
    }
    await expect(page.locator('#quiz-summary').textContent()).resolves.toContain('1 students took the quiz');
    await expect(page.locator('#funnel tr[data-step="quiz"] .n').textContent()).resolves.toBe('1');
    // Step 1's mistakes with Jun's verdict: every student's wrong answers of that kind, counted from the rows.
    const { verdict } = verdicts[0];
    const { rows: made } = await sql.query(
      `SELECT COUNT(*)::int AS count, COUNT(DISTINCT a."memberId")::int AS members FROM "ChallengeAnswer" a JOIN "Member" m ON m.id = a."memberId"
        WHERE a."lessonId" = 7 AND a.step = 1 AND NOT a.correct AND a.verdict = $1 AND m.role = 'student'`,
      [verdict],
    );
    await expect(page.locator(`#steps tr[data-step="1"] .mistakes li[data-verdict="${verdict}"]`).textContent()).resolves.toBe(
      `${verdictLabel(verdict).en}: ×${made[0].count} (${made[0].members} students)`,
    );
    // The chart is inline SVG, drawn (the CSP allows it) with the funnel's title.
    const chart = page.locator('#chart svg');
    await expect(chart.locator('text', { hasText: 'Completion funnel' }).count()).resolves.toBe(1);
    expect((await chart.boundingBox())!.width).toBeGreaterThan(100);
    await context.close();
  });

  it('marks a roster member who never used the bot as not started', async () => {
    const teacher = await memberId('Teacher');
    await sql.query('INSERT INTO "Member" ("classroomId", "platformUserId", "displayName", role) VALUES ($1, $2, $3, $4)', [
      teacher.classroomId,
      'roster-only',
      'Roster Only',
      'student',
    ]);
    await as('Teacher', 'instructor');
    const context = await freshContext();
    const page = await signIn(context, await dashboardLink());
    const row = page.locator('#class tr', { hasText: 'Roster Only' });
    await expect(row.getAttribute('data-started')).resolves.toBe('false');
    await expect(row.locator('.name').textContent()).resolves.toContain('(not started)');
    // Mina answered a challenge step before any test ran.
    await expect(page.locator(`#class tr[data-member="${(await memberId('Mina')).id}"]`).getAttribute('data-started')).resolves.toBe('true');
    await expect(page.locator('#not-started').textContent()).resolves.toMatch(/^\d+ members have not started yet$/);
    await context.close();
  });

  it("approves a student's real correction: thumbnail, prediction, proposed label, and a second click says already decided", async () => {
    const photos = fileURLToPath(new URL('../../../shared/datasets/foodvision7/test/bibimbap/', import.meta.url));
    await as('Jun');
    bot.type(`/predict ${join(photos, (await readdir(photos)).sort()[0]!)}`);
    const [, wrong] = (await bot.waitForOutput(/\[(\d+)\] Wrong\? Tell me the right class/, patience(120_000))) as unknown as [string, string];
    bot.type(wrong);
    const [, pick, dish] = (await bot.waitForOutput(/Choose a dish:\n(?:.*\n)*? {2}\[(\d+)\] (Baklava)\n/, wait)) as unknown as [string, string, string];
    bot.type(pick);
    await bot.waitForOutput(/Thank you!/, wait);
    const { rows } = await sql.query(`SELECT id FROM "LabelledExample" WHERE source = 'correction' AND review = 'pending' AND label = 'baklava'`);
    expect(rows).toHaveLength(1);
    const id: number = rows[0].id;

    await as('Teacher', 'instructor');
    const context = await freshContext();
    const page = await signIn(context, await dashboardLink());
    await page.goto(`${base}/corrections`);
    const card = page.locator(`#correction-${id}`);
    await expect(card.locator('.proposed').textContent()).resolves.toContain(dish);
    await expect(card.locator('.proposed').textContent()).resolves.toContain('Jun');
    await expect(card.locator('.predicted').textContent()).resolves.toMatch(/^Model( v\d+)?: .+ \(\d+%\)$/);
    // The thumbnail loads from the dashboard's own route (the CSP blocks data: URLs) as a real JPEG.
    const img = card.locator('img');
    await expect(img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBeGreaterThan(0);
    const thumbnail = await context.request.get(`${base}/corrections/thumbnail?id=${id}`);
    expect(thumbnail.headers()['content-type']).toBe('image/jpeg');
    expect((await thumbnail.body()).subarray(0, 2).toString('hex')).toBe('ffd8');

    // A second tab still shows the form: its click comes after the decision.
    const stale = await context.newPage();
    await stale.goto(`${base}/corrections`);
    await card.getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('#notice').textContent()).resolves.toBe(`Correction #${id} (${dish}) approved: the next /model train learns from it.`);
    await expect(page.locator(`#correction-${id}`).count()).resolves.toBe(0);
    expect((await sql.query('SELECT review, "reviewedBy" FROM "LabelledExample" WHERE id = $1', [id])).rows[0]).toEqual({
      review: 'approved',
      reviewedBy: 'Teacher',
    });
    await stale.locator(`#correction-${id}`).getByRole('button', { name: 'Reject' }).click();
    await expect(stale.locator('#notice').textContent()).resolves.toBe(`Correction #${id} was already approved by Teacher; nothing changed.`);
    expect((await sql.query('SELECT review FROM "LabelledExample" WHERE id = $1', [id])).rows[0].review).toBe('approved');
    // Decided: its thumbnail is gone with it.
    expect((await context.request.get(`${base}/corrections/thumbnail?id=${id}`)).status()).toBe(404);
    await context.close();
  });
});
