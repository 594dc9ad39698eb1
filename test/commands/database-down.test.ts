// The database goes away in the middle of a class: the member is told plainly to try again, no
// stack trace reaches them, and once the server is back nothing recorded before is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassroom } from '../../src/app/classroom.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import type { Invocation } from '../../src/core/context.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

let db: TestDatabase;
let proxy: TcpProxy;
let viaProxy: Database;
let dispatcher: Dispatcher;
const logged: string[] = [];

const mina: Invocation = {
  classroom: { platform: 'console', externalId: 'outage' },
  caller: { platformUserId: 'mina', displayName: 'Mina', platformRole: 'student', locale: 'en' },
};

beforeAll(async () => {
  db = await createTestDatabase();
  proxy = await startTcpProxy(5432);
  const url = new URL(db.url);
  url.port = String(proxy.port);
  viaProxy = await openDatabase({ url: url.toString() });
  ({ dispatcher } = await createClassroom({ database: viaProxy, log: (message) => logged.push(message) }));
});

afterAll(async () => {
  await viaProxy?.close();
  await proxy?.close();
  await db?.drop();
});

describe('a database that goes down mid-class', () => {
  it('answers "try again" while it is down, and keeps what was saved before', async () => {
    const [lesson] = await dispatcher.runCommand(mina, 'lesson', { number: 7 });
    expect(lesson!.tone).not.toBe('error');

    await proxy.cut();
    const [down] = await dispatcher.runCommand(mina, 'quiz', { lesson: 7 });
    expect(down!.tone).toBe('error');
    expect(down!.private).toBe(true);
    const text = down!.blocks.map((block) => ('text' in block ? block.text : '')).join(' ');
    expect(text).toContain("The class database isn't answering right now");
    expect(text).not.toMatch(/prisma|ECONN|at .*\.ts/i);
    expect(logged).toContain('database unavailable');

    await proxy.restore();
    let back: Awaited<ReturnType<typeof dispatcher.runCommand>>[number] | undefined;
    for (let attempt = 0; attempt < 10; attempt++) {
      [back] = await dispatcher.runCommand(mina, 'progress', {});
      if (back!.tone !== 'error') break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(back!.tone).not.toBe('error');
    const progress = await db.prisma.lessonProgress.findFirstOrThrow({ where: { lessonId: 7 } });
    expect(progress.sectionsSeen).toEqual([0]);
  });
});
