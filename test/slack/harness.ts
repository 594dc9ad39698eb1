// The real Slack app (Bolt on a local port, real Postgres, the real classroom) talking to the
// Slack double. Tests act as Slack would: signed commands, clicks, modal submissions and events.
import { createClassroom, type ClassroomPlugin } from '../../src/app/classroom.ts';
import type { Dispatcher } from '../../src/app/dispatcher.ts';
import { startSlack, type SlackHandle } from '../../src/platforms/slack/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { buttonsIn, selectsIn, type SeenButton } from '../support/slack-double/blocks-read.ts';
import { SlackSender, type Delivery } from '../support/slack-double/sender.ts';
import { SlackDouble } from '../support/slack-double/server.ts';
import {
  blockActionsPayload,
  eventEnvelope,
  fileShareEvent,
  interactionForm,
  messageShortcutPayload,
  slashCommandForm,
  viewSubmissionPayload,
  type Actor,
  type SignOptions,
} from '../support/slack-double/signer.ts';
import type { StoredMessage } from '../support/slack-double/types.ts';

export const BOT_TOKEN = 'xoxb-double-bot-token';
export const SIGNING_SECRET = 'double-signing-secret';
export const TEAM = 'T0CLASS';
export const CHANNEL = 'C0CLASS';

export const teacher: Actor = { teamId: TEAM, userId: 'U0TEACHER', userName: 'teacher' };
export const alice: Actor = { teamId: TEAM, userId: 'U0ALICE', userName: 'alice' };
export const bob: Actor = { teamId: TEAM, userId: 'U0BOB', userName: 'bob' };

/** A delivered request and the response_url Slack gave it (the bot's private answers go there). */
export type Sent = Delivery & { responseUrl: string };

export interface HarnessOptions {
  plugins?: (db: TestDatabase) => Promise<ClassroomPlugin[]> | ClassroomPlugin[];
  /** Runs once the app has stopped and before the database is dropped (e.g. closing a classifier). */
  onClose?: () => Promise<void>;
  /** The database the app uses (default: the test database itself), e.g. one reached through a TCP proxy. */
  appDatabase?: (db: TestDatabase) => Promise<TestDatabase>;
}

/** The Slack double as the tests' workspace: its teacher (an admin), alice and bob. */
export async function startWorkspace(): Promise<SlackDouble> {
  const double = await new SlackDouble({ botToken: BOT_TOKEN, teamId: TEAM }).start();
  double.addUser({ id: teacher.userId, name: 'teacher', real_name: 'Teacher Kim', is_admin: true, locale: 'en-US' });
  double.addUser({ id: alice.userId, name: 'alice', real_name: 'Alice', locale: 'en-US' });
  double.addUser({ id: bob.userId, name: 'bob', real_name: 'Bob', locale: 'ko-KR' });
  return double;
}

/**
 * Signed requests as Slack sends them to a Slack app's request URL, wherever the app runs: in this
 * process (SlackHarness) or in a process of its own (the load benchmark, npm run bench:load).
 */
export class SlackRequests {
  sender!: SlackSender;

  constructor(readonly double: SlackDouble) {}

  static to(double: SlackDouble, requestUrl: string): SlackRequests {
    const requests = new SlackRequests(double);
    requests.sender = new SlackSender(requestUrl, SIGNING_SECRET);
    return requests;
  }

  /** Sends `/lesson 7` as `actor` typed it in `channel`. */
  async command(actor: Actor, line: string, channel = CHANNEL, sign: SignOptions = {}): Promise<Sent> {
    const [, name = '', text = ''] = /^(\/\S+)\s*(.*)$/s.exec(line) ?? [];
    const responseUrl = this.double.responseUrl({ user: actor.userId, channel });
    const form = slashCommandForm(actor, { command: name, text, channelId: channel, responseUrl, triggerId: this.double.triggerId() });
    return { ...(await this.sender.send(form, sign)), responseUrl };
  }

  /** Clicks a button (or picks a select option) on a message the actor sees. */
  async click(actor: Actor, message: StoredMessage, element: SeenButton | { actionId: string; value: string }): Promise<Sent> {
    const responseUrl = this.double.responseUrl({ user: actor.userId, channel: message.channel, messageTs: message.ts });
    const isSelect = !('text' in element);
    const payload = blockActionsPayload(
      actor,
      { message: { channelId: message.channel, ts: message.ts, blocks: message.blocks ?? [], ephemeral: message.ephemeralFor !== undefined } },
      isSelect
        ? { type: 'static_select', actionId: element.actionId, value: element.value }
        : {
            type: 'button',
            actionId: element.actionId,
            text: element.text,
            ...(element.value ? { value: element.value } : {}),
            ...(element.blockId ? { blockId: element.blockId } : {}),
          },
      { responseUrl, triggerId: this.double.triggerId() },
    );
    return { ...(await this.sender.send(interactionForm(payload))), responseUrl };
  }

  /** Clicks a button inside an open modal. */
  async clickInView(actor: Actor, viewId: string, button: SeenButton): Promise<Delivery> {
    const view = this.double.views.get(viewId)!.view;
    const payload = blockActionsPayload(
      actor,
      { viewId, view },
      { type: 'button', actionId: button.actionId, text: button.text, ...(button.value ? { value: button.value } : {}) },
      {
        responseUrl: '',
        triggerId: this.double.triggerId(),
      },
    );
    delete payload.response_url;
    return this.sender.send(interactionForm(payload));
  }

  /**
   * Types `text` into the open modal's input and presses Submit. As Slack does, an ack with
   * `response_action: "update"` replaces the modal at once (a views.update the app sent after its
   * ack comes later, so it wins), and `"errors"` leaves the modal open as it was.
   */
  async submitView(actor: Actor, viewId: string, text: string): Promise<Delivery> {
    const view = this.double.views.get(viewId)!;
    const input = (view.view.blocks as { type: string; block_id: string; element: { action_id: string } }[]).find((b) => b.type === 'input')!;
    const values = { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: text } } };
    const from = this.double.calls.length;
    const delivery = await this.sender.send(interactionForm(viewSubmissionPayload(actor, view, values, { triggerId: this.double.triggerId() })));
    const ack = parseAck(delivery.body);
    const updatedSince = this.double.calls.slice(from).some((c) => c.method === 'views.update' && c.args.view_id === viewId);
    if (ack.response_action === 'update' && ack.view && !updatedSince) {
      view.view = ack.view;
      view.history.push(ack.view);
    }
    return delivery;
  }

  /** A member shares files in a channel: the `message` event Slack sends. */
  async shareFiles(
    actor: Actor,
    files: Record<string, unknown>[],
    options: { channel?: string; eventId?: string; retryNum?: number; teamId?: string } = {},
  ): Promise<{ delivery: Delivery; ts: string; eventId: string }> {
    const ts = this.double.nextTs();
    const event = fileShareEvent(options.channel ?? CHANNEL, actor.userId, ts, files);
    this.double.messages.push({ channel: options.channel ?? CHANNEL, ts, text: '' });
    const envelope = eventEnvelope(options.teamId ?? actor.teamId, this.double.botUserId, event, options.eventId);
    const delivery = await this.sender.send(envelope, options.retryNum !== undefined ? { retryNum: options.retryNum, retryReason: 'http_timeout' } : {});
    return { delivery, ts, eventId: envelope.eventId };
  }

  /** A member types `text` in their DM with the bot (the app's Messages tab): the `message.im` event. */
  async directMessage(actor: Actor, text: string): Promise<Delivery> {
    const ts = this.double.nextTs();
    const channel = `D${actor.userId}`;
    this.double.messages.push({ channel, ts, text });
    const event = { type: 'message', channel, channel_type: 'im', user: actor.userId, text, ts, event_ts: ts };
    return this.sender.send(eventEnvelope(actor.teamId, this.double.botUserId, event));
  }

  async messageShortcut(actor: Actor, callbackId: string, message: { ts: string; user: string; files?: unknown[] }, channel = CHANNEL): Promise<Delivery> {
    const responseUrl = this.double.responseUrl({ user: actor.userId, channel });
    const payload = messageShortcutPayload(actor, callbackId, { channelId: channel, ...message }, { responseUrl, triggerId: this.double.triggerId() });
    return this.sender.send(interactionForm(payload));
  }
}

function parseAck(body: string): { response_action?: string; view?: Record<string, unknown> } {
  try {
    return JSON.parse(body) as { response_action?: string; view?: Record<string, unknown> };
  } catch {
    return {};
  }
}

export class SlackHarness extends SlackRequests {
  readonly logs: string[] = [];
  dispatcher!: Dispatcher;
  slack!: SlackHandle;

  private constructor(
    readonly db: TestDatabase,
    double: SlackDouble,
    private readonly options: HarnessOptions,
  ) {
    super(double);
  }

  static async start(options: HarnessOptions = {}): Promise<SlackHarness> {
    const db = await createTestDatabase();
    const double = await startWorkspace();
    const harness = new SlackHarness(db, double, options);
    await harness.boot();
    return harness;
  }

  /** Starts (again) the Slack app over the same database and double: a process restart. */
  async boot(): Promise<void> {
    const appDb = (await this.options.appDatabase?.(this.db)) ?? this.db;
    const plugins = (await this.options.plugins?.(appDb)) ?? [];
    const log = (message: string) => void this.logs.push(message);
    ({ dispatcher: this.dispatcher } = await createClassroom({ database: appDb.database, plugins, log: (m, e) => log(`${m}: ${String(e)}`) }));
    this.slack = await startSlack({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: this.double.apiUrl,
      port: 0,
      dispatcher: this.dispatcher,
      log,
    });
    this.sender = new SlackSender(`http://127.0.0.1:${this.slack.port}/slack/events`, SIGNING_SECRET);
  }

  async restart(): Promise<void> {
    await this.slack.stop();
    await this.boot();
  }

  async close(): Promise<void> {
    await this.slack?.stop().catch(() => {});
    await this.options.onClose?.();
    await this.double.stop();
    await this.db.drop();
  }

  /** Waits until the actor sees a message in `channel` whose buttons or text satisfy `match`. */
  async waitForMessage(
    actor: Actor,
    channel: string,
    match: (message: StoredMessage) => boolean,
    label = 'a message',
    timeoutMs?: number,
  ): Promise<StoredMessage> {
    await this.double
      .waitFor(() => this.double.seenBy(actor.userId, channel).some(match), timeoutMs, label)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nlogs: ${this.logs.join('\n')}`);
      });
    return this.double.seenBy(actor.userId, channel).filter(match).at(-1)!;
  }
}

export { buttonsIn, selectsIn };

export function button(message: StoredMessage, match: (b: SeenButton) => boolean): SeenButton {
  const found = buttonsIn(message.blocks).find(match);
  if (!found)
    throw new Error(
      `no such button in: ${buttonsIn(message.blocks)
        .map((b) => `${b.text} (${b.actionId})`)
        .join(', ')}`,
    );
  return found;
}
