// The whole classroom (createClassroom: core, commands, Dispatcher) on a fresh Postgres database,
// driven the way every platform adapter drives it.
import { expect } from 'vitest';
import { MAX_ACTION_ID } from '../../src/core/action-id.ts';
import { createClassroom, type ClassroomPlugin } from '../../src/app/classroom.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import type { Services } from '../../src/app/services.ts';
import type { Invocation, Role } from '../../src/core/context.ts';
import { withoutMarks } from '../../src/core/display-text.ts';
import type { Button, Reply } from '../../src/core/reply.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

export interface ClassroomFixture {
  db: TestDatabase;
  dispatcher: Dispatcher;
  services: Services;
  as(name: string, options?: { role?: Role; classroom?: string; locale?: string }): Invocation;
}

export async function createClassroomFixture(plugins: ClassroomPlugin[] = []): Promise<ClassroomFixture> {
  const db = await createTestDatabase();
  const errors: unknown[] = [];
  const { dispatcher, services } = await createClassroom({ database: db.database, plugins, log: (_m, e) => errors.push(e) });
  return {
    db,
    dispatcher,
    services,
    as: (name, options = {}) => ({
      classroom: { platform: 'discord', externalId: options.classroom ?? 'guild-1', name: 'Class' },
      caller: {
        platformUserId: `id-${name.toLowerCase()}`,
        displayName: name,
        platformRole: options.role ?? 'student',
        locale: options.locale ?? 'en-US',
      },
      channelId: 'channel-1',
    }),
  };
}

export function buttons(reply: Reply | undefined): Button[] {
  return (reply?.blocks ?? []).flatMap((b) => (b.kind === 'buttons' ? b.buttons : []));
}

export function button(reply: Reply | undefined, actionPrefix: string): Button {
  const found = buttons(reply).find((b) => b.actionId.startsWith(actionPrefix));
  if (!found) throw new Error(`no button ${actionPrefix} in ${JSON.stringify(reply)}`);
  return found;
}

/** The reply's words as a member reads them (member text carries renderer marks, dropped here). */
export function allText(reply: Reply | undefined): string {
  return withoutMarks(
    [
      reply?.title ?? '',
      ...(reply?.blocks ?? []).map((b) => ('text' in b ? b.text : b.kind === 'fields' ? b.fields.map((x) => `${x.name} ${x.value}`).join(' ') : '')),
    ].join('\n'),
  );
}

/** The limits real Discord enforces (and Slack's are looser): every reply must fit them. */
export function expectPlatformSafe(replies: Reply[]): void {
  for (const reply of replies) {
    const rows = reply.blocks.filter((b) => b.kind === 'buttons' || b.kind === 'select');
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const b of buttons(reply)) {
      expect(b.actionId.length).toBeLessThanOrEqual(MAX_ACTION_ID);
      expect([...b.label].length).toBeLessThanOrEqual(80);
      if (b.prompt) expect([...b.prompt.title].length).toBeLessThanOrEqual(45);
      if (b.prompt) expect([...b.prompt.label].length).toBeLessThanOrEqual(45);
    }
    for (const row of reply.blocks) if (row.kind === 'buttons') expect(row.buttons.length).toBeLessThanOrEqual(5);
    expect([...(reply.title ?? '')].length).toBeLessThanOrEqual(256);
    const description = reply.blocks.map((b) => (b.kind === 'text' || b.kind === 'heading' || b.kind === 'code' ? b.text : '')).join('\n');
    expect(description.length).toBeLessThanOrEqual(4096);
  }
}
