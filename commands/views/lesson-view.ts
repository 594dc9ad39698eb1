// A lesson section as a reply. The shared message (posted by /lesson in the channel) and a member's
// private page carry different buttons: a click on the shared one opens the clicker's own private
// page, a click on a private page turns that page. Nobody's click ever moves anyone else.
import { actionId } from '../../src/core/action-id.ts';
import type { LessonSection } from '../../src/core/lessons/content.ts';
import type { SectionView } from '../../src/core/lessons/lesson-service.ts';
import type { Block, Button, Reply } from '../../src/core/reply.ts';
import { label, pointsNote, type Translate } from './common.ts';

export type LessonMessage = 'shared' | 'private';

export function sectionReply(view: SectionView, t: Translate, message: LessonMessage): Reply {
  const { lesson, section, index, total } = view;
  const blocks: Block[] = [
    { kind: 'heading', text: `${index + 1}. ${t(section.title)}` },
    { kind: 'text', text: t(section.body) },
  ];
  if (section.table) blocks.push(tableFields(section.table, t));
  if (section.code) blocks.push({ kind: 'code', text: t(section.code.text), language: section.code.language });
  if (message === 'shared') {
    // Everyone in the channel sees this message: it shows where the lesson is, not anyone's progress.
    blocks.push(
      { kind: 'progress', label: t({ ko: '섹션', en: 'Section' }), value: index + 1, max: total },
      { kind: 'text', text: t({ ko: '아래 버튼은 나만 보는 페이지를 열어요.', en: 'The buttons below open a page only you can see.' }) },
    );
  } else {
    blocks.push({
      kind: 'progress',
      label: [t({ ko: '내가 본 섹션', en: 'Sections you have seen' }), pointsNote(t, view.pointsEarned)].filter(Boolean).join(' · '),
      value: view.sectionsSeen.length,
      max: total,
    });
  }
  blocks.push({ kind: 'buttons', buttons: navigation(view, t, message) });
  return {
    title: `${t(lesson.title)} (${index + 1}/${total})`,
    blocks,
    tone: 'info',
    ...(message === 'private' ? { private: true } : {}),
  };
}

/**
 * Chats have no tables: each row becomes a field named by its first cell, with the other columns as
 * labelled lines, which reads the same as Discord fields, Slack's field grid and console lines.
 */
function tableFields(table: NonNullable<LessonSection['table']>, t: Translate): Block {
  const columns = table.columns.map(t);
  return {
    kind: 'fields',
    fields: table.rows.map(([name, ...cells]) => ({
      name: name ? t(name) : '',
      value: cells.map((cell, i) => `**${columns[i + 1] ?? ''}**: ${t(cell)}`).join('\n'),
    })),
  };
}

function navigation(view: SectionView, t: Translate, message: LessonMessage): Button[] {
  const verb = message === 'shared' ? 'open' : 'page';
  const last = view.index === view.total - 1;
  const buttons: Button[] = [
    {
      actionId: actionId('lesson', verb, view.lesson.id, Math.max(0, view.index - 1)),
      label: t({ ko: '◀ 이전', en: '◀ Previous' }),
      style: 'secondary',
      disabled: view.index === 0,
    },
    {
      actionId: actionId('lesson', verb, view.lesson.id, Math.min(view.total - 1, view.index + 1)),
      label: t({ ko: '다음 ▶', en: 'Next ▶' }),
      style: 'primary',
      disabled: last,
    },
  ];
  if (message === 'shared') {
    buttons.push({
      actionId: actionId('lesson', 'resume', view.lesson.id),
      label: t({ ko: '📖 내가 보던 곳', en: '📖 Where I left off' }),
      style: 'secondary',
    });
  }
  if (last) {
    buttons.push({
      actionId: actionId('quiz', 'start', view.lesson.id),
      label: label(t({ ko: '📝 퀴즈 시작 (DM)', en: '📝 Start the quiz (DM)' })),
      style: 'success',
    });
  }
  return buttons;
}
