-- AlterTable
ALTER TABLE "TrainingJob" ADD COLUMN     "owner" TEXT,
ADD COLUMN     "takeovers" INTEGER NOT NULL DEFAULT 0;
