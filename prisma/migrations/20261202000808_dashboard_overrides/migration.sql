-- AlterTable: answers stored before overrides existed were graded by the grader alone.
ALTER TABLE "ChallengeAnswer" ADD COLUMN     "gradedCorrect" BOOLEAN,
ADD COLUMN     "overrideNote" TEXT;
UPDATE "ChallengeAnswer" SET "gradedCorrect" = "correct";
ALTER TABLE "ChallengeAnswer" ALTER COLUMN "gradedCorrect" SET NOT NULL;

-- CreateTable
CREATE TABLE "ChallengeOverride" (
    "id" SERIAL NOT NULL,
    "answerId" INTEGER NOT NULL,
    "byMemberId" INTEGER NOT NULL,
    "byName" TEXT NOT NULL,
    "beforeCorrect" BOOLEAN NOT NULL,
    "afterCorrect" BOOLEAN NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChallengeOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DashboardLinkUse" (
    "nonce" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardLinkUse_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "DashboardSession" (
    "idHash" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardSession_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "ChallengeOverride_answerId_idx" ON "ChallengeOverride"("answerId");

-- CreateIndex
CREATE INDEX "ChallengeOverride_byMemberId_idx" ON "ChallengeOverride"("byMemberId");

-- CreateIndex
CREATE INDEX "DashboardLinkUse_expiresAt_idx" ON "DashboardLinkUse"("expiresAt");

-- CreateIndex
CREATE INDEX "DashboardSession_memberId_idx" ON "DashboardSession"("memberId");

-- CreateIndex
CREATE INDEX "DashboardSession_expiresAt_idx" ON "DashboardSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "ChallengeOverride" ADD CONSTRAINT "ChallengeOverride_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "ChallengeAnswer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DashboardSession" ADD CONSTRAINT "DashboardSession_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
