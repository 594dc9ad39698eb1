// /roster show|sync|import: who is in the class, including members who never used the bot, so
// "not started" is visible. sync reads the platform's member list (Discord server members, or
// those with a role; Slack channel members); import reads an uploaded CSV. Instructors only,
// checked again by the core.
import { defineCommand } from '../src/app/command.ts';
import { instructorOnly } from '../src/app/preconditions.ts';
import type { AttachmentRef } from '../src/core/context.ts';
import { userError } from '../src/core/errors.ts';
import { me } from './views/common.ts';
import { importedReply, rosterReply } from './views/roster-view.ts';

/** A roster of a few thousand lines is well under this; anything bigger is not a roster. */
const MAX_ROSTER_BYTES = 1_000_000;

function isAttachment(value: unknown): value is AttachmentRef {
  return typeof value === 'object' && value !== null && typeof (value as AttachmentRef).download === 'function';
}

export default defineCommand({
  name: 'roster',
  names: { ko: '명단' },
  description: {
    ko: '반 명단: 보기, 플랫폼에서 채우기, CSV 가져오기 (강사 전용)',
    en: 'Class roster: show, sync from the platform, import a CSV (instructors only)',
  },
  subcommands: [
    { name: 'show', names: { ko: '보기' }, description: { ko: '명단과 아직 시작 안 한 학생', en: "The roster and who hasn't started" }, options: [] },
    {
      name: 'sync',
      names: { ko: '동기화' },
      description: { ko: '플랫폼의 멤버를 명단에 넣기', en: "Add the platform's members to the roster" },
      options: [
        {
          name: 'role',
          names: { ko: '역할' },
          type: 'string',
          description: { ko: '이 역할이 있는 멤버만 (디스코드)', en: 'Only members with this role (Discord)' },
        },
      ],
    },
    {
      name: 'import',
      names: { ko: '가져오기' },
      description: { ko: 'CSV 명단 가져오기 (이름, 학번, 이메일 열)', en: 'Import a CSV roster (name, id, email columns)' },
      options: [{ name: 'file', names: { ko: '파일' }, type: 'attachment', required: true, description: { ko: 'CSV 파일', en: 'A CSV file' } }],
    },
  ],
  requiredRole: 'instructor',
  preconditions: [instructorOnly],
  async run(ctx, args) {
    if (args.subcommand === 'sync') {
      if (!ctx.members) {
        throw userError(
          'roster-no-directory',
          '여기서는 플랫폼 멤버 목록을 읽을 수 없어요. /roster import 로 CSV 명단을 올려 주세요.',
          'This platform has no member list to read. Upload a CSV roster with /roster import instead.',
        );
      }
      const role = typeof args.role === 'string' && args.role.trim() ? args.role.trim() : undefined;
      const members = await ctx.members.list(role ? { role } : {});
      return importedReply(await ctx.services.rosterImports.importPlatform(me(ctx), members), ctx.t, 'platform');
    }
    if (args.subcommand === 'import') {
      const file = args.file;
      if (!isAttachment(file)) throw userError('roster-file-missing', 'CSV 명단 파일을 첨부해 주세요.', 'Please attach the roster as a CSV file.');
      if (file.size > MAX_ROSTER_BYTES) {
        throw userError('roster-file-too-big', '명단 파일이 너무 커요 (1 MB까지).', 'The roster file is too big (1 MB at most).');
      }
      const bytes = await file.download(MAX_ROSTER_BYTES);
      return importedReply(await ctx.services.rosterImports.importFile(me(ctx), bytes), ctx.t, 'file');
    }
    return rosterReply(await ctx.services.progress.classProgress(me(ctx)), ctx.t);
  },
});
