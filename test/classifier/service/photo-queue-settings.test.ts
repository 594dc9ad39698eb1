// The photo queue's settings from the environment: documented defaults, and a wrong value named
// with the variable at start-up rather than a queue that silently takes no photo.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_QUEUE, readPhotoQueueSettings } from '../../../src/classifier/service/settings.ts';

describe('photo queue settings', () => {
  it('default to 64 photos, 10 a member and a notice after 5 s, with the concurrency left to the plugin', () => {
    expect(readPhotoQueueSettings({})).toEqual({ maxQueued: 64, maxPerMember: 10, noticeAfterMs: 5_000 });
    expect(readPhotoQueueSettings({})).toEqual(DEFAULT_PHOTO_QUEUE);
  });

  it('read every variable', () => {
    const env = { PHOTO_QUEUE_CONCURRENCY: '3', PHOTO_QUEUE_MAX: '100', PHOTO_QUEUE_PER_MEMBER: '4', PHOTO_QUEUE_NOTICE_SECONDS: '0' };
    expect(readPhotoQueueSettings(env)).toEqual({ concurrency: 3, maxQueued: 100, maxPerMember: 4, noticeAfterMs: 0 });
  });

  it.each([
    ['PHOTO_QUEUE_CONCURRENCY', '0'],
    ['PHOTO_QUEUE_MAX', 'lots'],
    ['PHOTO_QUEUE_PER_MEMBER', '2.5'],
    ['PHOTO_QUEUE_NOTICE_SECONDS', '-1'],
  ])('refuse %s=%s, naming it', (name, value) => {
    expect(() => readPhotoQueueSettings({ [name]: value })).toThrow(new RegExp(`${name} must be a whole number`));
  });
});
