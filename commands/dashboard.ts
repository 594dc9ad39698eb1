// /dashboard: DMs the instructor a sign-in link to the web dashboard, signed, single use, valid
// for 15 minutes. Only the DM gets the link, never the channel; students are refused here and the
// dashboard checks the role again at sign-in and on every page.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { userError } from '../src/core/errors.ts';

export default defineCommand({
  name: 'dashboard',
  names: { ko: '대시보드' },
  description: { ko: '웹 대시보드 로그인 링크를 DM으로 받아요 (강사 전용)', en: 'Get a sign-in link to the web dashboard in your DMs (instructors only)' },
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  allowInDm: true,
  async run(ctx) {
    const links = ctx.services.dashboardLinks;
    if (!links) {
      throw userError(
        'dashboard-off',
        '웹 대시보드가 꺼져 있어요. 봇을 실행하는 분이 DASHBOARD_PORT 와 DASHBOARD_SECRET 을 설정하면 켜져요.',
        'The web dashboard is off. Whoever runs the bot turns it on with DASHBOARD_PORT and DASHBOARD_SECRET.',
      );
    }
    const { url, expiresAt } = links.mint({ memberId: ctx.caller.memberId, classroomId: ctx.caller.classroomId, language: ctx.lang });
    const minutes = Math.round((expiresAt.getTime() - Date.now()) / 60_000);
    return [
      {
        title: ctx.t({ ko: '🖥️ 대시보드 로그인 링크', en: '🖥️ Dashboard sign-in link' }),
        blocks: [
          { kind: 'text', text: url },
          {
            kind: 'text',
            text: ctx.t({
              ko: `${minutes}분 동안 한 번만 쓸 수 있어요. 다른 사람에게 보내지 마세요.`,
              en: `It works once, for the next ${minutes} minutes. Don't share it.`,
            }),
          },
        ],
        tone: 'info',
        target: 'dm',
      },
      ...(ctx.direct
        ? []
        : [
            {
              blocks: [{ kind: 'text' as const, text: ctx.t({ ko: '로그인 링크를 DM으로 보냈어요.', en: 'I sent the sign-in link to your DMs.' }) }],
              tone: 'info' as const,
              private: true,
              target: 'reply' as const,
            },
          ]),
    ];
  },
});
