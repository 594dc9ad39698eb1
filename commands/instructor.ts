// /instructor add|remove member: instructors make a member an instructor inside the bot (Slack's
// "users an instructor adds"); the platform's own admins stay instructors whatever this says.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import type { CommandOption } from '../src/app/command.ts';
import { userText } from '../src/core/display-text.ts';
import { me } from './views/common.ts';

const member: CommandOption = { name: 'member', names: { ko: '멤버' }, description: { ko: '멤버', en: 'Member' }, type: 'user', required: true };

export default defineCommand({
  name: 'instructor',
  names: { ko: '강사' },
  description: { ko: '강사 권한을 주거나 거둬요 (강사 전용)', en: 'Grant or revoke the instructor role (instructors only)' },
  subcommands: [
    { name: 'add', names: { ko: '추가' }, description: { ko: '강사 권한 주기', en: 'Make a member an instructor' }, options: [member] },
    { name: 'remove', names: { ko: '해제' }, description: { ko: '강사 권한 거두기', en: 'Take the instructor role back' }, options: [member] },
  ],
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx, args) {
    const grant = args.subcommand === 'add';
    const who = typeof args.member === 'string' ? args.member : '';
    const { member: target, changed } = await ctx.services.roster.setInstructor(me(ctx), who, grant);
    const name = userText(target.displayName);
    const text = !changed
      ? grant
        ? ctx.t({ ko: `${name} 님은 이미 강사예요.`, en: `${name} is already an instructor.` })
        : ctx.t({ ko: `${name} 님에게는 거둘 강사 권한이 없어요.`, en: `${name} has no instructor role granted here to revoke.` })
      : grant
        ? ctx.t({ ko: `${name} 님이 이제 강사예요.`, en: `${name} is now an instructor.` })
        : ctx.t({
            ko: `${name} 님의 강사 권한을 거뒀어요. (플랫폼 관리자라면 계속 강사로 남아요)`,
            en: `${name} is no longer an instructor here. (Platform admins stay instructors.)`,
          });
    return { blocks: [{ kind: 'text', text }], tone: changed ? 'success' : 'info', private: true, target: 'reply' };
  },
});
