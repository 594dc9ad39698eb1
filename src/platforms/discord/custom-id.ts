// Discord custom ids carry the core's action id, plus two things Discord itself cannot tell us on
// a click: whether the button asks for text first (a modal), and, for messages in DMs, which
// class server the conversation belongs to (a DM interaction has no guild). Layout:
//   [~][@<guild id in base 36>/]<action id>      at most 100 characters in all.
const PROMPT_MARK = '~';
const GUILD_MARK = '@';
const MAX_CUSTOM_ID = 100;

export interface DecodedCustomId {
  actionId: string;
  opensPrompt: boolean;
  guildId?: string;
}

export function encodeCustomId(actionId: string, options: { opensPrompt?: boolean; dmGuildId?: string } = {}): string {
  const guild = options.dmGuildId ? `${GUILD_MARK}${BigInt(options.dmGuildId).toString(36)}/` : '';
  const id = `${options.opensPrompt ? PROMPT_MARK : ''}${guild}${actionId}`;
  if (id.length > MAX_CUSTOM_ID) throw new Error(`custom id longer than ${MAX_CUSTOM_ID} characters: ${id}`);
  return id;
}

export function decodeCustomId(customId: string): DecodedCustomId {
  let rest = customId;
  const opensPrompt = rest.startsWith(PROMPT_MARK);
  if (opensPrompt) rest = rest.slice(1);
  let guildId: string | undefined;
  const slash = rest.indexOf('/');
  if (rest.startsWith(GUILD_MARK) && slash > 1) {
    guildId = fromBase36(rest.slice(1, slash));
    if (guildId) rest = rest.slice(slash + 1);
  }
  return { actionId: rest, opensPrompt, ...(guildId ? { guildId } : {}) };
}

function fromBase36(text: string): string | undefined {
  if (!/^[0-9a-z]+$/.test(text)) return undefined;
  let value = 0n;
  for (const digit of text) value = value * 36n + BigInt(parseInt(digit, 36));
  return value.toString();
}
