// The dashboard's rows in Postgres: used link nonces (single use across processes) and sessions.
// A session cookie holds 32 random bytes; only their sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Language } from '../core/reply.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from '../db/repositories/unique.ts';

/** A class day; signing in again is one /dashboard away. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60_000;

export interface DashboardSessionRecord {
  memberId: number;
  csrfToken: string;
  language: Language;
  expiresAt: Date;
}

export class DashboardStore {
  private lastPrune = 0;

  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time a nonce is used, false for every reuse, whichever process sees it. */
  async useNonce(nonce: string, memberId: number, expiresAt: Date): Promise<boolean> {
    await this.pruneNow();
    try {
      await this.prisma.dashboardLinkUse.create({ data: { nonce, memberId, expiresAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Read-only: the sign-in page says "already used" before anyone clicks. */
  async nonceUsed(nonce: string): Promise<boolean> {
    return (await this.prisma.dashboardLinkUse.findUnique({ where: { nonce } })) !== null;
  }

  async openSession(memberId: number, language: Language, now = Date.now()): Promise<{ cookie: string; session: DashboardSessionRecord }> {
    const cookie = randomBytes(32).toString('base64url');
    const session = { memberId, csrfToken: randomBytes(32).toString('base64url'), language, expiresAt: new Date(now + SESSION_LIFETIME_MS) };
    await this.prisma.dashboardSession.create({ data: { idHash: hash(cookie), ...session } });
    return { cookie, session };
  }

  async findSession(cookie: string, now = Date.now()): Promise<DashboardSessionRecord | null> {
    if (!/^[\w-]{43}$/.test(cookie)) return null;
    const row = await this.prisma.dashboardSession.findUnique({ where: { idHash: hash(cookie) } });
    if (!row || row.expiresAt.getTime() <= now) return null;
    return { memberId: row.memberId, csrfToken: row.csrfToken, language: row.language, expiresAt: row.expiresAt };
  }

  async closeSession(cookie: string): Promise<void> {
    await this.prisma.dashboardSession.deleteMany({ where: { idHash: hash(cookie) } });
  }

  /** Expired nonces and sessions, at most once a minute per process. */
  private async pruneNow(now = Date.now()): Promise<void> {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const before = new Date(now);
    await this.prisma.dashboardLinkUse.deleteMany({ where: { expiresAt: { lt: before } } });
    await this.prisma.dashboardSession.deleteMany({ where: { expiresAt: { lt: before } } });
  }
}

function hash(cookie: string): string {
  return createHash('sha256').update(cookie).digest('hex');
}
