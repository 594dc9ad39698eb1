// Sign-in links and the dashboard's configuration, without a browser: what a tampered, expired or
// malformed token is told, and which settings refuse to start.
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, readConfig } from '../../src/config.ts';
import { LINK_LIFETIME_MS, LinkSigner } from '../../src/dashboard/links.ts';

const SECRET = 'x'.repeat(40);
const signer = new LinkSigner(SECRET);
const who = { memberId: 12, classroomId: 3, language: 'ko' as const };

describe('sign-in links', () => {
  it('round-trips a fresh link for 15 minutes, and only that long', () => {
    const now = Date.UTC(2026, 11, 2, 1, 0, 0);
    const { token, claims } = signer.mint(who, now);
    expect(token).toMatch(/^[0-9a-z.]+$/);
    expect(signer.check(token, now)).toEqual({ ok: true, claims });
    expect(claims.expiresAt.getTime() - now).toBe(LINK_LIFETIME_MS);
    expect(signer.check(token, now + LINK_LIFETIME_MS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed member, a changed expiry, another secret and junk', () => {
    const { token } = signer.mint(who);
    const parts = token.split('.');
    const otherMember = [String(13), ...parts.slice(1)].join('.');
    const later = [...parts.slice(0, 3), String(Number(parts[3]) + 3600), ...parts.slice(4)].join('.');
    expect(signer.check(otherMember).ok).toBe(false);
    expect(signer.check(later)).toEqual({ ok: false, reason: 'forged' });
    expect(new LinkSigner('y'.repeat(40)).check(token)).toEqual({ ok: false, reason: 'forged' });
    for (const junk of ['', 'abc', `${token}.1`, token.replace(/.$/, 'g'), '1.2.fr.3.4.5']) {
      expect(signer.check(junk).ok, junk).toBe(false);
    }
  });
});

describe('dashboard configuration', () => {
  it('is off unless DASHBOARD_PORT is set, and never prints the secret', () => {
    expect(readConfig({}).dashboard).toBeUndefined();
    const config = readConfig({ DASHBOARD_PORT: '0', DASHBOARD_SECRET: SECRET, DASHBOARD_PUBLIC_URL: 'https://class.example/fv/' });
    expect(config.dashboard).toEqual({ port: 0, host: '127.0.0.1', secret: SECRET, publicUrl: 'https://class.example/fv/' });
    expect(describeConfig(config)).toContain('dashboard: on');
    expect(describeConfig(config)).not.toContain(SECRET);
  });

  it('refuses to start without a long enough secret or with an odd port or URL', () => {
    expect(() => readConfig({ DASHBOARD_PORT: '8700' })).toThrow(ConfigError);
    expect(() => readConfig({ DASHBOARD_PORT: '8700', DASHBOARD_SECRET: 'short' })).toThrow(/too short/);
    expect(() => readConfig({ DASHBOARD_PORT: 'eighty', DASHBOARD_SECRET: SECRET })).toThrow(/port number/);
    expect(() => readConfig({ DASHBOARD_PORT: '8700', DASHBOARD_SECRET: SECRET, DASHBOARD_PUBLIC_URL: 'class.example' })).toThrow(/http/);
  });
});
