// Delivers the core's replies to wherever a Slack request came from: the channel, an ephemeral
// message, the clicked message, a thread, the member's DM, or the modal they are looking at.
import type { types, webApi } from '@slack/bolt';
import type { Language, Reply } from '../../core/reply.ts';
import { errorReply, text } from '../../core/reply.ts';
import { chunk, LIMITS, renderReply, type RenderedReply } from './render/blocks.ts';
import { repliesView, type ViewOrigin } from './render/views.ts';
import { postToResponseUrl } from './response-url.ts';
import { CANNOT_POST_HERE, DM_REFUSED, slackErrorCode } from './slack-errors.ts';
import { TEXTS } from './texts.ts';

type WebClient = webApi.WebClient;
type KnownBlock = types.KnownBlock;

/** Where the request came from, as far as Slack told us. */
export interface Surface {
  client: WebClient;
  userId: string;
  lang: Language;
  channelId?: string;
  responseUrl?: string;
  /** The message whose button was clicked. */
  message?: { ts: string; ephemeral: boolean };
  /** The member's message a reply threads under (a shared photo). */
  threadTs?: string;
  /** The modal the click or submission happened in. */
  view?: { id: string; origin?: ViewOrigin };
  log: (message: string) => void;
}

interface Posted {
  channel: string;
  ts: string;
}

export class Replier {
  /** The first public message posted for this request: what `update` and progress edit. */
  private anchor: Posted | undefined;
  private dmChannel: string | undefined;

  constructor(private readonly surface: Surface) {}

  async deliver(replies: Reply[]): Promise<void> {
    const inView = this.surface.view ? replies.filter((r) => r.target !== 'dm' && r.target !== 'thread') : [];
    if (inView.length && this.surface.view) {
      const view = repliesView(inView, this.surface.view.origin, this.surface.lang);
      await this.surface.client.views.update({ view_id: this.surface.view.id, view });
    }
    for (const reply of replies) {
      if (inView.includes(reply)) continue;
      await this.deliverOne(reply);
    }
  }

  /**
   * Posts a public message to edit later (training progress, a photo's place in the queue), or
   * edits the one already posted. Under a member's message (a shared photo) it goes in its thread,
   * where the answer that replaces it belongs.
   */
  async postOrUpdateAnchor(reply: Reply): Promise<void> {
    const rendered = renderReply(reply);
    const blocks = rendered.blocks.slice(0, LIMITS.blocksPerMessage);
    const { channelId, threadTs } = this.surface;
    if (this.anchor) {
      await this.surface.client.chat.update({ channel: this.anchor.channel, ts: this.anchor.ts, text: rendered.text, blocks });
    } else if (channelId) {
      const posted = await this.surface.client.chat.postMessage({
        channel: channelId,
        text: rendered.text,
        blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      if (posted.ts) this.anchor = { channel: channelId, ts: posted.ts };
    }
  }

  private async deliverOne(reply: Reply): Promise<void> {
    const rendered = renderReply(reply);
    switch (reply.target ?? 'reply') {
      case 'dm':
        return this.toDm(rendered, reply.dmNote);
      case 'thread':
        return this.toThread(rendered, reply.private === true);
      case 'update':
        return this.toUpdate(rendered, reply.private === true);
      case 'reply':
        return reply.private ? this.privately(rendered) : this.publicly(rendered);
    }
  }

  /** `note` is said privately where the request came from once the DM has arrived, never when it couldn't. */
  private async toDm(rendered: RenderedReply, note?: string): Promise<void> {
    const channel = await this.openDm();
    if (!channel) return this.privately(renderReply(errorReply(TEXTS.dmClosed[this.surface.lang])));
    await this.post(channel, rendered);
    await this.uploadAll(rendered, channel);
    if (note && this.surface.channelId && this.surface.channelId !== channel) {
      await this.privately(renderReply({ blocks: [text(note)], tone: 'info', private: true }));
    }
  }

  private async toThread(rendered: RenderedReply, isPrivate: boolean): Promise<void> {
    const { channelId, client, userId } = this.surface;
    const threadTs = this.surface.threadTs ?? this.surface.message?.ts;
    if (!channelId || !threadTs) return isPrivate ? this.privately(rendered) : this.publicly(rendered);
    if (isPrivate) {
      for (const blocks of messageChunks(rendered)) {
        await client.chat.postEphemeral({ channel: channelId, user: userId, thread_ts: threadTs, text: rendered.text, blocks });
      }
      return this.uploadPrivately(rendered);
    }
    await this.post(channelId, rendered, threadTs);
    await this.uploadAll(rendered, channelId, threadTs);
  }

  private async toUpdate(rendered: RenderedReply, isPrivate: boolean): Promise<void> {
    const message = this.surface.message ?? (this.anchor ? { ts: this.anchor.ts, ephemeral: false } : undefined);
    const channel = this.surface.message ? this.surface.channelId : this.anchor?.channel;
    const [first, ...rest] = messageChunks(rendered);
    if (message?.ephemeral && this.surface.responseUrl) {
      await postToResponseUrl(this.surface.responseUrl, { replace_original: true, text: rendered.text, blocks: first ?? [] });
    } else if (message && !message.ephemeral && channel && !isPrivate) {
      // A private answer to a click on a shared message must not replace it for everyone.
      await this.surface.client.chat.update({ channel, ts: message.ts, text: rendered.text, blocks: first ?? [] });
    } else {
      return isPrivate ? this.privately(rendered) : this.publicly(rendered);
    }
    for (const blocks of rest) await this.privatelyBlocks(rendered.text, blocks);
    if (isPrivate || message.ephemeral) await this.uploadPrivately(rendered);
    else if (channel) await this.uploadAll(rendered, channel);
  }

  /** In the conversation the request came from; under the member's message when there is one (a shortcut on a photo). */
  private async publicly(rendered: RenderedReply): Promise<void> {
    const { channelId, responseUrl, threadTs } = this.surface;
    if (channelId) {
      try {
        const posted = await this.post(channelId, rendered, threadTs);
        this.anchor ??= posted;
        return await this.uploadAll(rendered, channelId, threadTs);
      } catch (error) {
        // A slash command works in channels the bot hasn't joined; its response_url still does.
        if (!responseUrl || !CANNOT_POST_HERE.has(slackErrorCode(error) ?? '')) throw error;
      }
    }
    if (!responseUrl) return this.toDm(rendered);
    for (const blocks of messageChunks(rendered)) {
      await postToResponseUrl(responseUrl, { response_type: 'in_channel', text: rendered.text, blocks });
    }
    await this.uploadPrivately(rendered);
  }

  private async privately(rendered: RenderedReply): Promise<void> {
    for (const blocks of messageChunks(rendered)) await this.privatelyBlocks(rendered.text, blocks);
    await this.uploadPrivately(rendered);
  }

  private async privatelyBlocks(text: string, blocks: KnownBlock[]): Promise<void> {
    const { channelId, responseUrl, client, userId } = this.surface;
    if (responseUrl) return postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text, blocks });
    if (channelId) {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text, blocks });
      return;
    }
    const dm = await this.openDm();
    if (dm) await client.chat.postMessage({ channel: dm, text, blocks });
  }

  private async post(channel: string, rendered: RenderedReply, threadTs?: string): Promise<Posted | undefined> {
    let first: Posted | undefined;
    for (const blocks of messageChunks(rendered)) {
      const posted = await this.surface.client.chat.postMessage({ channel, text: rendered.text, blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
      if (!first && posted.ts) first = { channel, ts: posted.ts };
    }
    return first;
  }

  /** A private reply's file (a class report) goes to the member's DM: Slack has no ephemeral files. */
  private async uploadPrivately(rendered: RenderedReply): Promise<void> {
    if (!rendered.files.length) return;
    const dm = await this.openDm();
    if (!dm) return this.privately(renderReply(errorReply(TEXTS.dmClosed[this.surface.lang])));
    await this.uploadAll(rendered, dm);
    if (this.surface.channelId && this.surface.channelId !== dm) {
      await this.privately(renderReply({ blocks: [text(`📬 ${TEXTS.sentToDm[this.surface.lang]}`)], tone: 'info', private: true }));
    }
  }

  private async uploadAll(rendered: RenderedReply, channel: string, threadTs?: string): Promise<void> {
    for (const file of rendered.files) {
      const upload = { channel_id: channel, file: Buffer.from(file.data), filename: file.name, title: file.name };
      // A reply made only of files still says what they are.
      const comment = rendered.blocks.length ? {} : { initial_comment: rendered.text };
      await this.surface.client.files.uploadV2(threadTs ? { ...upload, ...comment, thread_ts: threadTs } : { ...upload, ...comment });
    }
  }

  private async openDm(): Promise<string | undefined> {
    if (this.dmChannel) return this.dmChannel;
    try {
      const opened = await this.surface.client.conversations.open({ users: this.surface.userId });
      this.dmChannel = opened.channel?.id;
      return this.dmChannel;
    } catch (error) {
      if (!DM_REFUSED.has(slackErrorCode(error) ?? '')) throw error;
      this.surface.log(`slack: cannot open a DM with ${this.surface.userId}: ${slackErrorCode(error)}`);
      return undefined;
    }
  }
}

/** Messages of at most 50 blocks; an empty list when the reply is only files. */
function messageChunks(rendered: RenderedReply): KnownBlock[][] {
  if (!rendered.blocks.length) return rendered.files.length ? [] : [[{ type: 'section', text: { type: 'mrkdwn', text: rendered.text } }]];
  return chunk(rendered.blocks, LIMITS.blocksPerMessage);
}
