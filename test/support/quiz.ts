// The questions a member's open quiz attempt drew, in order, read from the database: tests answer
// what the member was actually asked, not the bank's first questions.
import type { Lesson, QuizQuestion } from '../../src/core/lessons/content.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';

export async function drawnQuestions(prisma: PrismaClient, lesson: Lesson, platformUserId: string): Promise<QuizQuestion[]> {
  const attempt = await prisma.quizAttempt.findFirstOrThrow({
    where: { member: { platformUserId }, lessonId: lesson.id, finishedAt: null },
    orderBy: { id: 'desc' },
  });
  return attempt.questionIds.map((id) => lesson.quiz.find((q) => q.id === id)!);
}
