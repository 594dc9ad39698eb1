// Sign-in links: `<public url>/signin?t=<token>`, the token a payload and its HMAC-SHA256 under
// DASHBOARD_SECRET. The payload names the member, their classroom, their language, when the link
// expires and a random nonce that makes it single use (the nonce is recorded in Postgres on use,
// so a link works once whichever bot process it reaches). Only digits, lower-case letters and dots,
// so no chat's Markdown can bend the link.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Language } from '../core/reply.ts';

export const LINK_LIFETIME_MS = 15 * 60_000;

export interface LinkClaims {
  memberId: number;
  classroomId: number;
  language: Language;
  expiresAt: Date;
  nonce: string;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export class LinkSigner {
  constructor(private readonly secret: string) {}

  sign(claims: LinkClaims): string {
    const payload = [claims.memberId, claims.classroomId, claims.language, Math.floor(claims.expiresAt.getTime() / 1000), claims.nonce].join('.');
    return `${payload}.${this.mac(payload)}`;
  }

  /** A fresh link's token for this member, valid for LINK_LIFETIME_MS from `now`. */
  mint(member: Omit<LinkClaims, 'expiresAt' | 'nonce'>, now = Date.now()): { token: string; claims: LinkClaims } {
    const claims = { ...member, expiresAt: new Date(now + LINK_LIFETIME_MS), nonce: randomBytes(16).toString('hex') };
    return { token: this.sign(claims), claims };
  }

  check(token: string, now = Date.now()): LinkCheck {
    const parts = token.split('.');
    if (parts.length !== 6 || token.length > 200) return { ok: false, reason: 'malformed' };
    const [member, classroom, language, expires, nonce, mac] = parts as [string, string, string, string, string, string];
    const payload = parts.slice(0, 5).join('.');
    const expected = Buffer.from(this.mac(payload), 'hex');
    const given = /^[0-9a-f]{64}$/.test(mac) ? Buffer.from(mac, 'hex') : Buffer.alloc(0);
    // Compared in constant time: how much of a forged MAC matched must not show in the timing.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
    if (
      !/^\d{1,9}$/.test(member) ||
      !/^\d{1,9}$/.test(classroom) ||
      (language !== 'ko' && language !== 'en') ||
      !/^\d{1,12}$/.test(expires) ||
      !/^[0-9a-f]{32}$/.test(nonce)
    ) {
      return { ok: false, reason: 'malformed' };
    }
    const expiresAt = new Date(Number(expires) * 1000);
    if (expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { memberId: Number(member), classroomId: Number(classroom), language, expiresAt, nonce } };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`foodvision-dashboard-link\n${payload}`).digest('hex');
  }
}
