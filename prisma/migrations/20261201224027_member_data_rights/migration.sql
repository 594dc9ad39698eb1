-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "showNameOnLeaderboard" BOOLEAN NOT NULL DEFAULT false;
