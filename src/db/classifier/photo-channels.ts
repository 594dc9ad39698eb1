// Channels where every posted photo is classified, kept on the classroom row.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { PhotoChannelStore } from '../../classifier/ports.ts';

export class PhotoChannelRepository implements PhotoChannelStore {
  constructor(private readonly prisma: PrismaClient) {}

  async isPhotoChannel(classroomId: number, channelId: string): Promise<boolean> {
    const row = await this.prisma.classroom.findUnique({ where: { id: classroomId }, select: { photoChannels: true } });
    return row?.photoChannels.includes(channelId) ?? false;
  }

  /** Turns the channel on or off; returns the classroom's photo channels afterwards. */
  async set(classroomId: number, channelId: string, on: boolean): Promise<string[]> {
    return this.prisma.$transaction(
      async (tx) => {
        const row = await tx.classroom.findUniqueOrThrow({ where: { id: classroomId }, select: { photoChannels: true } });
        const channels = new Set(row.photoChannels);
        if (on) channels.add(channelId);
        else channels.delete(channelId);
        const updated = await tx.classroom.update({
          where: { id: classroomId },
          data: { photoChannels: [...channels] },
          select: { photoChannels: true },
        });
        return updated.photoChannels;
      },
      { isolationLevel: 'Serializable' },
    );
  }
}
