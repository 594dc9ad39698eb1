-- CreateTable
CREATE TABLE "DeliveredEvent" (
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveredEvent_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "DeliveredEvent_receivedAt_idx" ON "DeliveredEvent"("receivedAt");
