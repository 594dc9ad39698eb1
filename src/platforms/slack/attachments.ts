// A file shared in Slack as the core's AttachmentRef. Slack's event carries only what the file
// claims to be; files.info gives the authoritative size and type, checked before a byte is
// fetched, and url_private is downloaded with the bot token and a byte limit, from Slack's own
// hosts only: the token must never reach a host a file object names.
import type { webApi } from '@slack/bolt';
import type { AttachmentRef } from '../../core/context.ts';
import { UserError } from '../../core/errors.ts';
import { isAllowedOrigin } from '../shared/origins.ts';
import { readLimited } from '../shared/read-limited.ts';
import { slackErrorCode } from './slack-errors.ts';
import { TEXTS } from './texts.ts';

type WebClient = webApi.WebClient;

/** The fields of a Slack file object the adapter reads (event payloads and files.info agree). */
export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function tooLarge(size: number, maxBytes: number): UserError {
  return new UserError('file-too-large', {
    ko: `${TEXTS.fileTooLarge.ko} (${megabytes(size)}, 최대 ${megabytes(maxBytes)})`,
    en: `${TEXTS.fileTooLarge.en} (${megabytes(size)}; the limit is ${megabytes(maxBytes)})`,
  });
}

const fileGone = () => new UserError('file-unavailable', TEXTS.fileGone);
const notAnImage = () => new UserError('not-an-image', TEXTS.notAnImage);

export function isImageType(mimetype: string | undefined): boolean {
  return mimetype?.startsWith('image/') === true;
}

/** The bot token and the origins it may be sent to (see slackFileOrigins). */
export interface SlackFileAccess {
  botToken: string;
  origins: ReadonlySet<string>;
}

/**
 * Where url_private may point: the Web API's own origin and its `files.` host (slack.com/api →
 * files.slack.com, as Slack serves files). Derived from SLACK_API_URL, so a local double is
 * allowed because it is the configured API, and nothing else is.
 */
export function slackFileOrigins(apiUrl: string): Set<string> {
  const api = new URL(apiUrl);
  const origins = new Set([api.origin]);
  if (/[a-z]/i.test(api.hostname) && !api.hostname.includes(':')) origins.add(`${api.protocol}//files.${api.host}`);
  return origins;
}

export function slackAttachment(client: WebClient, access: SlackFileAccess, file: SlackFile): AttachmentRef {
  return {
    name: file.name ?? file.id,
    url: file.url_private ?? '',
    size: file.size ?? 0,
    ...(file.mimetype ? { contentType: file.mimetype } : {}),
    async download(maxBytes: number): Promise<Uint8Array> {
      const info = await fileInfo(client, file.id);
      if ((info.size ?? 0) > maxBytes) throw tooLarge(info.size ?? 0, maxBytes);
      if (!isImageType(info.mimetype)) throw notAnImage();
      if (!info.url_private) throw fileGone();
      if (!isAllowedOrigin(info.url_private, access.origins)) throw new UserError('file-host-refused', TEXTS.fileHostRefused);
      return fetchLimited(info.url_private, access.botToken, maxBytes);
    },
  };
}

async function fileInfo(client: WebClient, id: string): Promise<SlackFile> {
  try {
    const { file } = await client.files.info({ file: id });
    if (!file) throw fileGone();
    return file as SlackFile;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'file_not_found' || code === 'file_deleted' || code === 'access_denied') throw fileGone();
    throw error;
  }
}

async function fetchLimited(url: string, botToken: string, maxBytes: number): Promise<Uint8Array> {
  // Slack answers an unauthorised url_private with a redirect to a sign-in page, never the file;
  // a redirect is never followed, so the token goes to the checked origin and nowhere else.
  const response = await fetch(url, { headers: { authorization: `Bearer ${botToken}` }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    throw fileGone();
  }
  return readLimited(response.body, response.headers.get('content-length'), maxBytes, (bytes) => tooLarge(bytes, maxBytes));
}
