// A photo posted while the class database is down: Slack's retry de-duplication can't ask the
// database, and the member must still hear back (not silence), privately, in plain words. Once
// the database is back, the next photo is classified as usual. The app reaches the real Postgres
// through a TCP proxy the test cuts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/client.ts';
import type { TestDatabase } from '../../support/database.ts';
import { textOf } from '../../support/slack-double/blocks-read.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';
import { testPhoto, TestClassifier } from '../classifier.ts';
import { alice, CHANNEL, SlackHarness, teacher } from '../harness.ts';

const tc = new TestClassifier(1, true);
let proxy: TcpProxy;
let viaProxy: Database | undefined;
let h: SlackHarness;

async function throughProxy(db: TestDatabase): Promise<TestDatabase> {
  proxy ??= await startTcpProxy(5432);
  const url = new URL(db.url);
  url.port = String(proxy.port);
  // A short retry budget: the outage below outlasts it on purpose.
  viaProxy ??= await openDatabase({ url: url.toString(), retry: { budgetMs: 300, baseDelayMs: 20, maxDelayMs: 100 } });
  return { ...db, url: url.toString(), database: viaProxy, prisma: viaProxy.prisma };
}

beforeAll(async () => {
  const onClose = async () => {
    await tc.close();
    await viaProxy?.close();
    await proxy?.close();
  };
  h = await SlackHarness.start({ plugins: tc.plugins, appDatabase: throughProxy, onClose });
  await tc.ensureModel();
  await h.command(teacher, '/foodvision photo-channel on');
  await h.waitForMessage(teacher, CHANNEL, (m) => /threaded reply/.test(textOf(m.blocks)), 'photo channel on');
});
afterAll(async () => {
  await h?.close();
});

describe('a photo posted while the database is down', () => {
  it('gets a private "the class database isn\'t answering" instead of silence, and the next photo after it is back is classified', async () => {
    const photo = h.double.addFile({ name: 'outage.jpg', mimetype: 'image/jpeg', bytes: await testPhoto('bibimbap', 4) });
    await proxy.cut();
    try {
      const { delivery, eventId } = await h.shareFiles(alice, [photo]);
      expect(delivery.status).toBe(200);
      const note = await h.waitForMessage(alice, CHANNEL, (m) => m.ephemeralFor === alice.userId && /database/.test(textOf(m.blocks)), 'the outage note');
      expect(textOf(note.blocks)).toContain("The class database isn't answering right now, so this wasn't recorded");
      expect(textOf(note.blocks)).not.toMatch(/Something went wrong|ECONN|prisma/i);
      expect(h.logs.some((line) => line.includes(`could not check event ${eventId} for a repeat`))).toBe(true);
    } finally {
      await proxy.restore();
    }

    const later = h.double.addFile({ name: 'after-outage.jpg', mimetype: 'image/jpeg', bytes: await testPhoto('bibimbap', 5) });
    const { ts } = await h.shareFiles(alice, [later]);
    const answer = await h.waitForMessage(alice, CHANNEL, (m) => m.thread_ts === ts && !m.ephemeralFor, 'the prediction after the outage', 30_000);
    expect(textOf(answer.blocks)).toMatch(/\d+%/);
  });
});
