// Remembers which platform deliveries were handled, in the database every bot process shares, so
// a retried event is answered once whichever process it reaches, and even after a restart.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { DeliveryLog } from '../../core/ports.ts';

const KEEP_MS = 24 * 60 * 60_000;
const PRUNE_EVERY = 500;

export class PrismaDeliveryLog implements DeliveryLog {
  private sincePrune = 0;

  constructor(private readonly prisma: PrismaClient) {}

  async firstTime(key: string): Promise<boolean> {
    // skipDuplicates is ON CONFLICT DO NOTHING: of two racing deliveries exactly one inserts.
    const { count } = await this.prisma.deliveredEvent.createMany({ data: [{ key }], skipDuplicates: true });
    if (++this.sincePrune >= PRUNE_EVERY) {
      this.sincePrune = 0;
      await this.prisma.deliveredEvent.deleteMany({ where: { receivedAt: { lt: new Date(Date.now() - KEEP_MS) } } });
    }
    return count === 1;
  }
}
