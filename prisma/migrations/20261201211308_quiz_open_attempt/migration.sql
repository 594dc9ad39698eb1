-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "openSlot" BOOLEAN DEFAULT true;

-- Backfill: finished attempts give up their slot. Should a member somehow hold two unfinished
-- attempts at one lesson, the newest stays open and the older ones are closed, so the index holds.
UPDATE "QuizAttempt" SET "openSlot" = NULL WHERE "finishedAt" IS NOT NULL;
UPDATE "QuizAttempt" AS older SET "openSlot" = NULL, "finishedAt" = now()
  WHERE older."openSlot" AND EXISTS (
    SELECT 1 FROM "QuizAttempt" AS newer
    WHERE newer."memberId" = older."memberId" AND newer."lessonId" = older."lessonId"
      AND newer."openSlot" AND newer.id > older.id
  );

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_memberId_lessonId_openSlot_key" ON "QuizAttempt"("memberId", "lessonId", "openSlot");
