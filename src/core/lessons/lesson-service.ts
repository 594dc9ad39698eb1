// Reading a lesson: each member has their own page in it, every section they open is recorded once
// (and pays its point once), and having seen every section completes the lesson.
import { userError } from '../errors.ts';
import type { ClassroomStore, MemberRef } from '../ports.ts';
import { sectionSeenAward, sumPoints } from '../progress/points.ts';
import type { Lesson, LessonCatalog, LessonSection } from './content.ts';
import { requireLesson } from './lookup.ts';

export interface SectionView {
  lesson: Lesson;
  /** 0-based. */
  index: number;
  total: number;
  section: LessonSection;
  sectionsSeen: number[];
  /** Points this view earned (0 when the section was seen before). */
  pointsEarned: number;
  /** True once every section has been seen. */
  completed: boolean;
}

export class LessonService {
  constructor(
    readonly catalog: LessonCatalog,
    private readonly store: ClassroomStore,
  ) {}

  list(): Lesson[] {
    return this.catalog.list();
  }

  /** Unknown ids answer with the lessons that do exist. */
  get(lessonId: unknown): Lesson {
    return requireLesson(this.catalog, lessonId);
  }

  /**
   * Shows section `index` (0-based) to the member, recording it as seen. `move: false` leaves the
   * member's own page where it was: a lesson posted in the channel is not where they are reading.
   */
  async view(member: MemberRef, lessonId: unknown, index: number, { move = true }: { move?: boolean } = {}): Promise<SectionView> {
    const lesson = this.get(lessonId);
    const section = lesson.sections[index];
    if (!Number.isInteger(index) || !section) {
      const total = lesson.sections.length;
      const asked = Number.isInteger(index) ? String(index + 1) : '?';
      throw userError(
        'section-out-of-range',
        `${lesson.id}번 수업의 섹션은 1~${total}번이에요. ${asked}번 섹션은 없어요.`,
        `Lesson ${lesson.id} has sections 1 to ${total}; there is no section ${asked}.`,
      );
    }
    const { progress, newlySeen } = await this.store.lessons.recordView(member.memberId, lesson.id, index, { move });
    const earned = newlySeen ? await this.store.points.award(member.memberId, [sectionSeenAward(lesson.id, index)]) : [];
    const completed = lesson.sections.every((_, i) => progress.sectionsSeen.includes(i));
    if (completed && !progress.completedAt) await this.store.lessons.markCompleted(member.memberId, lesson.id);
    return {
      lesson,
      index,
      total: lesson.sections.length,
      section,
      sectionsSeen: progress.sectionsSeen,
      pointsEarned: sumPoints(earned),
      completed,
    };
  }

  /** The member's own page: where they were last, or the first section. */
  async resume(member: MemberRef, lessonId: unknown): Promise<SectionView> {
    const lesson = this.get(lessonId);
    const progress = await this.store.lessons.find(member.memberId, lesson.id);
    const position = Math.min(progress?.position ?? 0, lesson.sections.length - 1);
    return this.view(member, lesson.id, position);
  }

  /** Moves the member's own page by `delta`, from wherever they are. */
  async step(member: MemberRef, lessonId: unknown, delta: number): Promise<SectionView> {
    const lesson = this.get(lessonId);
    const progress = await this.store.lessons.find(member.memberId, lesson.id);
    return this.view(member, lesson.id, (progress?.position ?? 0) + delta);
  }
}
