// Messages to a member who did not just call (a student told that an instructor changed their
// answer's verdict). Each running platform registers how it reaches a member's DM; the sender
// learns whether the message went out, so it can say so instead of promising a DM nobody got.
import type { PlatformName } from './context.ts';
import { DmClosedError } from './errors.ts';
import type { ClassroomRecord, MemberRecord } from './ports.ts';
import type { Reply } from './reply.ts';

export interface DirectMessenger {
  /** Sends `reply` to the member's DM; throws DmClosedError when the member can't be messaged. */
  send(to: { classroomExternalId: string; platformUserId: string; displayName: string }, reply: Reply): Promise<void>;
}

/** `unreachable`: no platform of that kind runs in this process (a dashboard-only process, a stopped bot). */
export type Delivery = 'sent' | 'closed' | 'unreachable' | 'failed';

export class MemberMessages {
  private readonly byPlatform = new Map<PlatformName, DirectMessenger>();

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** Called by a platform once it can send; the returned function takes it back (when it stops). */
  register(platform: PlatformName, messenger: DirectMessenger): () => void {
    this.byPlatform.set(platform, messenger);
    return () => {
      if (this.byPlatform.get(platform) === messenger) this.byPlatform.delete(platform);
    };
  }

  async send(classroom: ClassroomRecord, member: MemberRecord, reply: Reply): Promise<Delivery> {
    const messenger = this.byPlatform.get(classroom.platform);
    if (!messenger || member.erased) return 'unreachable';
    try {
      await messenger.send(
        { classroomExternalId: classroom.externalId, platformUserId: member.platformUserId, displayName: member.displayName },
        { ...reply, target: 'dm' },
      );
      return 'sent';
    } catch (error) {
      if (error instanceof DmClosedError) return 'closed';
      // The override itself is saved; a lost notice must not undo or hide that.
      this.log(`a direct message to member ${member.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
  }
}
