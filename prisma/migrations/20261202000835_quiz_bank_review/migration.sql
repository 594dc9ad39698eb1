-- AlterTable
ALTER TABLE "QuizAnswer" ADD COLUMN     "shownOrder" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "questionIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "ReviewItem" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "lessonId" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "rightCount" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),
    "round" INTEGER NOT NULL DEFAULT 0,
    "lastAnswerAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewItem_memberId_lessonId_dueAt_idx" ON "ReviewItem"("memberId", "lessonId", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewItem_memberId_lessonId_questionId_key" ON "ReviewItem"("memberId", "lessonId", "questionId");

-- AddForeignKey
ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: questions members missed before /review existed are due for review now (erased
-- members' placeholders keep their answers for statistics but have nobody to review them).
INSERT INTO "ReviewItem" ("memberId", "lessonId", "questionId")
  SELECT DISTINCT attempt."memberId", attempt."lessonId", answer."questionId"
  FROM "QuizAnswer" AS answer
  JOIN "QuizAttempt" AS attempt ON attempt.id = answer."attemptId"
  JOIN "Member" AS member ON member.id = attempt."memberId"
  WHERE NOT answer.correct AND member."erasedAt" IS NULL
  ON CONFLICT DO NOTHING;
