// The roster's replies: the class at a glance (who has not started) and what an import changed.
import { userText } from '../../src/core/display-text.ts';
import type { RosterImportResult } from '../../src/core/ports.ts';
import type { MemberProgress } from '../../src/core/progress/progress-service.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { RosterFileImport } from '../../src/core/roster/roster-service.ts';
import type { Translate } from './common.ts';

const NAMES_SHOWN = 40;

function names(members: MemberProgress[], t: Translate): string {
  const shown = members.slice(0, NAMES_SHOWN).map((p) => userText(p.member.displayName, { maxLength: 40 }));
  const more = members.length - shown.length;
  if (more > 0) shown.push(t({ ko: `외 ${more}명`, en: `and ${more} more` }));
  return shown.join(', ');
}

export function rosterReply(progress: MemberProgress[], t: Translate): Reply {
  const students = progress
    .filter((p) => p.member.role === 'student' && !p.member.erased)
    .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName));
  const waiting = students.filter((p) => !p.started);
  const blocks: Reply['blocks'] = [
    {
      kind: 'fields',
      fields: [
        { name: t({ ko: '학생', en: 'Students' }), value: String(students.length), inline: true },
        { name: t({ ko: '시작함', en: 'Started' }), value: String(students.length - waiting.length), inline: true },
        { name: t({ ko: '아직 시작 안 함', en: 'Not started' }), value: String(waiting.length), inline: true },
      ],
    },
  ];
  blocks.push({
    kind: 'text',
    text: waiting.length
      ? `${t({ ko: '아직 시작 안 한 학생', en: 'Not started yet' })}: ${names(waiting, t)}`
      : t({ ko: '명단의 모든 학생이 시작했어요.', en: 'Every student on the roster has started.' }),
  });
  blocks.push({
    kind: 'text',
    text: t({
      ko: '명단 채우기: /roster sync (플랫폼의 멤버) 또는 /roster import file:<CSV> (이름, 학번, 이메일 열). 전체 목록은 /report 에 있어요.',
      en: "Fill the roster with /roster sync (the platform's members) or /roster import file:<CSV> (name, id, email columns). /report has everyone.",
    }),
  });
  return { title: t({ ko: '👥 반 명단', en: '👥 Class roster' }), blocks, tone: 'info', private: true, target: 'reply' };
}

export function importedReply(result: RosterImportResult | RosterFileImport, t: Translate, source: 'platform' | 'file'): Reply {
  const lines = [
    t({
      ko: `새로 ${result.added.length}명, 정보 갱신 ${result.updated.length}명, 그대로 ${result.unchanged}명이에요.`,
      en: `${result.added.length} added, ${result.updated.length} updated, ${result.unchanged} unchanged.`,
    }),
  ];
  if (result.added.length)
    lines.push(
      `${t({ ko: '새로 들어온 멤버', en: 'Added' })}: ${result.added
        .slice(0, NAMES_SHOWN)
        .map((m) => userText(m.displayName, { maxLength: 40 }))
        .join(', ')}${result.added.length > NAMES_SHOWN ? ' …' : ''}`,
    );
  if ('ignoredColumns' in result && result.ignoredColumns.length) {
    lines.push(t({ ko: `쓰지 않은 열: ${result.ignoredColumns.join(', ')}`, en: `Columns set aside: ${result.ignoredColumns.join(', ')}` }));
  }
  if ('encoding' in result) lines.push(t({ ko: `${result.rows}줄을 ${result.encoding}로 읽었어요.`, en: `Read ${result.rows} rows as ${result.encoding}.` }));
  return {
    title:
      source === 'platform'
        ? t({ ko: '👥 플랫폼 멤버를 명단에 넣었어요', en: '👥 Roster synced from the platform' })
        : t({ ko: '👥 명단 파일을 가져왔어요', en: '👥 Roster file imported' }),
    blocks: [{ kind: 'text', text: lines.join('\n') }],
    tone: 'success',
    private: true,
    target: 'reply',
  };
}
