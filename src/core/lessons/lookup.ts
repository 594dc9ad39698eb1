// Finding a lesson by the number a member typed, with an answer that helps when it doesn't exist.
import { userError } from '../errors.ts';
import type { Lesson, LessonCatalog } from './content.ts';

export function requireLesson(catalog: LessonCatalog, id: unknown): Lesson {
  const number = typeof id === 'string' && id.trim() !== '' ? Number(id.trim()) : id;
  const lesson = typeof number === 'number' && Number.isInteger(number) ? catalog.get(number) : undefined;
  if (lesson) return lesson;
  const available = catalog
    .list()
    .map((l) => l.id)
    .join(', ');
  const asked = typeof number === 'number' && Number.isNaN(number) ? '?' : String(id ?? '').slice(0, 20) || '?';
  throw userError(
    'unknown-lesson',
    `${asked}번 수업은 없어요. 지금 열 수 있는 수업: ${available || '없음'}`,
    `There is no lesson ${asked}. Lessons you can open: ${available || 'none'}`,
  );
}
