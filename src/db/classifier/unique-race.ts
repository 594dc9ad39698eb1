// Prisma's upsert reads, then inserts: two callers at once can both miss the row and one insert
// then fails on the unique index. The row exists by then, so the same upsert once more updates it.
import { Prisma } from '../../generated/prisma/client.ts';

export async function retryOnUniqueRace<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return work();
    throw error;
  }
}
