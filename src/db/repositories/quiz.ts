import type { QuizAnswerRecord, QuizAttemptRecord, QuizRepository, RecordAnswerResult } from '../../core/ports.ts';
import type { PrismaClient, QuizAnswer, QuizAttempt } from '../../generated/prisma/client.ts';
import { findOrCreate, isUniqueViolation } from './unique.ts';

const withAnswers = { answers: { orderBy: { id: 'asc' } } } as const;

export class PrismaQuizRepository implements QuizRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async openOrCreateAttempt(memberId: number, lessonId: number, questionIds: string[]): Promise<{ attempt: QuizAttemptRecord; created: boolean }> {
    // No transaction: the unique (member, lesson, openSlot) index lets one open attempt exist, so of
    // two starts at once (a double-clicked "retake") one inserts and the other finds its attempt.
    const findOpen = () => this.prisma.quizAttempt.findFirst({ where: { memberId, lessonId, openSlot: true }, orderBy: { id: 'desc' }, include: withAnswers });
    let created = false;
    const row = await findOrCreate(findOpen, async () => {
      // A new attempt has no answers: asking for them would make Prisma wrap the insert in a transaction.
      const fresh = await this.prisma.quizAttempt.create({ data: { memberId, lessonId, questionIds } });
      created = true;
      return { ...fresh, answers: [] };
    });
    return { attempt: toAttempt(row), created };
  }

  async findAttempt(attemptId: number): Promise<QuizAttemptRecord | null> {
    const row = await this.prisma.quizAttempt.findUnique({ where: { id: attemptId }, include: withAnswers });
    return row && toAttempt(row);
  }

  async recordAnswer(
    attempt: Pick<QuizAttemptRecord, 'id' | 'memberId' | 'lessonId'>,
    answer: Omit<QuizAnswerRecord, 'answeredAt'>,
  ): Promise<RecordAnswerResult> {
    const attemptId = attempt.id;
    try {
      // One nested write, which Prisma runs as one transaction: the answer and the attempt's score
      // move together or not at all. Not a batch `$transaction([...])`: Prisma sends those a tick
      // later from whichever request queued first, so the write trace (src/db/write-trace.ts) would
      // credit this answer to someone else's request, and this member could hear "not recorded".
      // A miss puts the question up for review (due now, its count started again) in that same write.
      const { memberId, lessonId } = attempt;
      const key = { memberId, lessonId, questionId: answer.questionId };
      const now = new Date();
      const review = { dueAt: now, rightCount: 0, doneAt: null, round: { increment: 1 } };
      await this.prisma.quizAttempt.update({
        where: { id: attemptId },
        data: {
          score: { increment: answer.correct ? 1 : 0 },
          answers: { create: answer },
          ...(answer.correct
            ? {}
            : {
                member: {
                  update: {
                    reviewItems: {
                      upsert: { where: { memberId_lessonId_questionId: key }, create: { lessonId, questionId: answer.questionId, dueAt: now }, update: review },
                    },
                  },
                },
              }),
        },
        select: { id: true },
      });
      return { recorded: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.prisma.quizAnswer.findUnique({ where: { attemptId_questionId: { attemptId, questionId: answer.questionId } } });
      if (!existing) throw error;
      return { recorded: false, existing: toAnswer(existing) };
    }
  }

  async finishAttempt(attemptId: number): Promise<void> {
    await this.prisma.quizAttempt.updateMany({ where: { id: attemptId, finishedAt: null }, data: { finishedAt: new Date(), openSlot: null } });
  }

  async listAttempts(memberIds: number[], lessonId?: number): Promise<QuizAttemptRecord[]> {
    const rows = await this.prisma.quizAttempt.findMany({
      where: { memberId: { in: memberIds }, ...(lessonId === undefined ? {} : { lessonId }) },
      orderBy: { id: 'asc' },
      include: withAnswers,
    });
    return rows.map(toAttempt);
  }
}

function toAttempt(row: QuizAttempt & { answers: QuizAnswer[] }): QuizAttemptRecord {
  return {
    id: row.id,
    memberId: row.memberId,
    lessonId: row.lessonId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    score: row.score,
    questionIds: row.questionIds,
    answers: row.answers.map(toAnswer),
  };
}

function toAnswer(row: QuizAnswer): QuizAnswerRecord {
  return { questionId: row.questionId, choice: row.choice, correct: row.correct, shownOrder: row.shownOrder, answeredAt: row.answeredAt };
}
