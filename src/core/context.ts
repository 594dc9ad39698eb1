// What a command handler is given, whatever platform the call came from.
import type { Language, Reply } from './reply.ts';

export type PlatformName = 'discord' | 'slack' | 'console';
export type Role = 'student' | 'instructor';

/** Where the call happened: a Discord guild, a Slack workspace, or the console. */
export interface ClassroomRef {
  platform: PlatformName;
  externalId: string;
  name?: string;
}

/** Who called, as the platform says it (the core re-checks roles against its own records). */
export interface CallerRef {
  platformUserId: string;
  displayName: string;
  /** What the platform says of the caller (Discord role or Manage Server, Slack admin). */
  platformRole: Role;
  /** The platform's locale for the caller, if it sends one (e.g. "ko", "en-US"). */
  locale?: string;
}

/** A file the caller attached, not yet downloaded: adapters check size and type before fetching. */
export interface AttachmentRef {
  name: string;
  url: string;
  size: number;
  contentType?: string;
  /** Fetches the bytes with a byte limit; throws UserError past it or on 404/403. */
  download(maxBytes: number): Promise<Uint8Array>;
}

/** A member of the class as the platform lists them (Discord guild members, Slack channel members). */
export interface PlatformMember {
  platformUserId: string;
  displayName: string;
  role: Role;
}

/** The platform's member list, implemented by each adapter that has one (the console has none). */
export interface MemberDirectory {
  /**
   * Every member but bots: on Discord the server's members (only those holding `role`, a role name
   * or id, when given); on Slack the members of the channel the command ran in. Throws UserError
   * when the platform refuses (a missing intent or scope) with what to turn on.
   */
  list(options: { role?: string }): Promise<PlatformMember[]>;
}

export interface Invocation {
  classroom: ClassroomRef;
  caller: CallerRef;
  /** The channel or conversation id, for features bound to a channel (photo channels). */
  channelId?: string;
  /** Called from the member's own conversation with the bot (a DM): replies meant for the DM land here already. */
  direct?: boolean;
  /**
   * Told who the caller is once the classroom has resolved them, so an adapter's own words (a
   * delivery note, an error) follow the member's chosen language without resolving them again.
   */
  onResolved?: (caller: ResolvedCaller) => void;
  /**
   * Shows interim progress by editing the first answer (training epochs). Platforms that cannot
   * edit just post. Optional because not every path has something to edit.
   */
  progress?: (reply: Reply) => Promise<void>;
  /** The class's members as the platform knows them, for /roster sync. */
  members?: MemberDirectory;
}

export interface ResolvedCaller {
  memberId: number;
  classroomId: number;
  role: Role;
  language: Language;
  displayName: string;
}
