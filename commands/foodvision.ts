// /foodvision photo-channel [on|off]: an instructor turns automatic photo classification on or off
// for the channel the command is used in.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import { userError } from '../src/core/errors.ts';
import { text } from '../src/core/reply.ts';
import { foodvision } from '../src/classifier/service/context.ts';

export const foodvisionCommand = defineCommand({
  name: 'foodvision',
  names: { ko: '푸드비전' },
  description: { ko: '음식 사진 분류 설정 (강사용)', en: 'Food photo classifier settings (instructors)' },
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  subcommands: [
    {
      name: 'photo-channel',
      names: { ko: '사진채널' },
      description: {
        ko: '이 채널에 올라오는 사진을 자동으로 분류할지 정해요',
        en: 'Classify every photo posted in this channel, or stop doing so',
      },
      options: [
        {
          name: 'mode',
          names: { ko: '모드' },
          type: 'string',
          description: { ko: '켜기 또는 끄기 (기본: 켜기)', en: 'On or off (default: on)' },
          choices: [
            { name: { ko: '켜기', en: 'on' }, value: 'on' },
            { name: { ko: '끄기', en: 'off' }, value: 'off' },
          ],
        },
      ],
    },
  ],
  async run(ctx, args) {
    if (args.subcommand !== 'photo-channel') {
      throw userError('unknown-subcommand', '/foodvision photo-channel [on|off] 형식으로 써 주세요.', 'Use /foodvision photo-channel [on|off].');
    }
    const mode = String(args.mode ?? 'on').toLowerCase();
    if (mode !== 'on' && mode !== 'off') {
      throw userError('bad-mode', `"${mode}" 대신 on이나 off를 써 주세요.`, `Use on or off instead of "${mode}".`);
    }
    if (!ctx.channelId) {
      throw userError('no-channel', '사진 채널은 서버의 채널 안에서만 정할 수 있어요.', 'Photo channels can only be set inside a channel.');
    }
    const on = mode === 'on';
    const channels = await foodvision(ctx).photoChannels.set(ctx.caller.classroomId, ctx.channelId, on);
    const ko = ctx.lang === 'ko';
    return {
      title: ko ? '사진 채널' : 'Photo channel',
      tone: 'success',
      private: true,
      blocks: [
        text(
          on
            ? ko
              ? '이제 이 채널에 올라오는 음식 사진마다 스레드로 분류 결과를 답해요.'
              : 'Every food photo posted in this channel now gets a threaded reply with its prediction.'
            : ko
              ? '이 채널의 사진 자동 분류를 껐어요.'
              : 'Photos in this channel are no longer classified automatically.',
        ),
        text(ko ? `사진 채널 수: ${channels.length}` : `Photo channels in this classroom: ${channels.length}`),
      ],
    };
  },
});
