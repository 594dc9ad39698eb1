-- CreateEnum
CREATE TYPE "CorrectionReview" AS ENUM ('pending', 'approved', 'rejected');

-- AlterEnum
ALTER TYPE "TrainingJobState" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "LabelledExample" ADD COLUMN     "classroomId" INTEGER,
ADD COLUMN     "review" "CorrectionReview",
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedBy" TEXT,
ADD COLUMN     "thumbnail" BYTEA;

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "classroomId" INTEGER,
ADD COLUMN     "comparison" JSONB,
ADD COLUMN     "discardedAt" TIMESTAMP(3);

-- AlterTable (openSlot turns from "open: true" into "open for class N", keeping the open job open)
ALTER TABLE "TrainingJob" ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN     "classroomId" INTEGER,
ADD COLUMN     "openFor" INTEGER;

-- CreateTable
CREATE TABLE "ClassroomModel" (
    "classroomId" INTEGER NOT NULL,
    "modelVersionId" INTEGER NOT NULL,
    "activatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClassroomModel_pkey" PRIMARY KEY ("classroomId")
);

-- CreateIndex
CREATE INDEX "LabelledExample_classroomId_review_idx" ON "LabelledExample"("classroomId", "review");

-- Existing rows go to their classroom: a member's version, job or correction to that member's class
-- (a correction to its prediction's class), and rows that name no member to the sole classroom when
-- there is exactly one. The shipped head, and anything no class can be found for, stays shared.
UPDATE "ModelVersion" v SET "classroomId" = m."classroomId" FROM "Member" m WHERE v."trainedByMember" = m."id";
UPDATE "ModelVersion" SET "classroomId" = (SELECT min("id") FROM "Classroom")
  WHERE "classroomId" IS NULL AND "trainedBy" NOT LIKE 'shipped default head%' AND (SELECT count(*) FROM "Classroom") = 1;

-- The class that trained the active version keeps it; every other class goes back to the newest
-- shared version (the shipped head), which becomes the deployment's default.
INSERT INTO "ClassroomModel" ("classroomId", "modelVersionId", "activatedBy", "updatedAt")
  SELECT "classroomId", "id", 'active before heads were per class', CURRENT_TIMESTAMP FROM "ModelVersion"
  WHERE "active" = true AND "classroomId" IS NOT NULL;
UPDATE "ModelVersion" SET "active" = NULL WHERE "active" = true AND "classroomId" IS NOT NULL;
UPDATE "ModelVersion" SET "active" = true
  WHERE "id" = (SELECT "id" FROM "ModelVersion" WHERE "classroomId" IS NULL ORDER BY "version" DESC LIMIT 1)
    AND NOT EXISTS (SELECT 1 FROM "ModelVersion" WHERE "active" = true);

-- Corrections were never reviewed: they wait in their class's review queue.
UPDATE "LabelledExample" e SET "classroomId" = p."classroomId" FROM "Prediction" p
  WHERE e."source" = 'correction' AND e."predictionId" = p."id";
UPDATE "LabelledExample" e SET "classroomId" = m."classroomId" FROM "Member" m
  WHERE e."source" = 'correction' AND e."classroomId" IS NULL AND e."memberId" = m."id";
UPDATE "LabelledExample" SET "classroomId" = (SELECT min("id") FROM "Classroom")
  WHERE "source" = 'correction' AND "classroomId" IS NULL AND (SELECT count(*) FROM "Classroom") = 1;
UPDATE "LabelledExample" SET "review" = 'pending' WHERE "source" = 'correction';

UPDATE "TrainingJob" j SET "classroomId" = m."classroomId" FROM "Member" m WHERE j."requestedByMemberId" = m."id";
UPDATE "TrainingJob" SET "classroomId" = (SELECT min("id") FROM "Classroom")
  WHERE "classroomId" IS NULL AND (SELECT count(*) FROM "Classroom") = 1;
UPDATE "TrainingJob" SET "openFor" = "classroomId" WHERE "openSlot" = true AND "classroomId" IS NOT NULL;
-- An open job no class can be found for would train for nobody: it is failed, and says why.
UPDATE "TrainingJob" SET "state" = 'failed', "finishedAt" = CURRENT_TIMESTAMP,
    "error" = 'queued before heads were per class, for no class that could be found'
  WHERE "openSlot" = true AND "classroomId" IS NULL;
ALTER TABLE "TrainingJob" DROP COLUMN "openSlot";
ALTER TABLE "TrainingJob" RENAME COLUMN "openFor" TO "openSlot";

-- CreateIndex
CREATE UNIQUE INDEX "TrainingJob_openSlot_key" ON "TrainingJob"("openSlot");

-- AddForeignKey
ALTER TABLE "ClassroomModel" ADD CONSTRAINT "ClassroomModel_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassroomModel" ADD CONSTRAINT "ClassroomModel_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
