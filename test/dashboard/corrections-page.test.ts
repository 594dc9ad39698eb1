// The corrections page in a bot without the classifier plugin (no services.foodvision): it says
// so in the page's language, and a posted decision gets the same clear refusal instead of a crash.
// (With the plugin, test/dashboard/browser.test.ts approves a real correction in chromium.)
import { describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.ts';
import { UserError } from '../../src/core/errors.ts';
import { say } from '../../src/dashboard/html.ts';
import corrections from '../../src/dashboard/pages/corrections.ts';
import type { PageContext } from '../../src/dashboard/pages/page.ts';

function withoutPlugin(lang: 'ko' | 'en'): PageContext {
  return {
    services: {} as Services,
    registry: undefined as never,
    me: { memberId: 1, classroomId: 1 },
    member: { id: 1, classroomId: 1, displayName: 'Teacher', role: 'instructor' } as PageContext['member'],
    lang,
    t: say(lang),
    csrf: 'token',
    query: () => undefined,
  };
}

describe('the corrections page without the classifier plugin', () => {
  it('says the plugin is not installed, in English and Korean', async () => {
    expect(String(await corrections.render(withoutPlugin('en')))).toContain('The classifier plugin is not installed in this bot');
    expect(String(await corrections.render(withoutPlugin('ko')))).toContain('분류기 플러그인이 설치되지 않아서');
  });

  it('refuses a decision with a clear error and serves no thumbnail', async () => {
    const error = await corrections.post!({ ...withoutPlugin('en'), form: { correction: '1', decision: 'approved' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).text.en).toContain('The classifier plugin is not installed');
    expect(await corrections.file!.load(withoutPlugin('en'))).toBeNull();
  });
});
