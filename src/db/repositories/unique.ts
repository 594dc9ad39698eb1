// Prisma reports a unique-constraint violation as P2002, whichever driver adapter is underneath.
import { Prisma } from '../../generated/prisma/client.ts';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Find-or-create that survives a race: when two first calls both miss and both insert, the loser
 * hits the unique constraint and reads the winner's row.
 */
export async function findOrCreate<T>(find: () => Promise<T | null>, create: () => Promise<T>): Promise<T> {
  const found = await find();
  if (found) return found;
  try {
    return await create();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await find();
    if (!winner) throw error;
    return winner;
  }
}
