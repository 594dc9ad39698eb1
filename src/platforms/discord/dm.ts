// Direct messages. Discord refuses a DM with error 50007 when the member has closed DMs from
// server members; that becomes the core's DmClosedError, so callers can tell the member how to
// open them instead of failing.
import { DiscordAPIError, RESTJSONErrorCodes, type Message, type User } from 'discord.js';
import { DmClosedError } from '../../core/errors.ts';
import type { RenderedMessage } from './render.ts';

export async function sendDm(user: User, message: RenderedMessage): Promise<Message> {
  const { flags: _ephemeralMeansNothingInDms, ...body } = message;
  try {
    return await user.send(body);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
      throw new DmClosedError();
    }
    throw error;
  }
}
