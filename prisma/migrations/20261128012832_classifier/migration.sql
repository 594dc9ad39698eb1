-- CreateEnum
CREATE TYPE "ExampleSource" AS ENUM ('dataset', 'correction');

-- CreateEnum
CREATE TYPE "TrainingJobState" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "Backbone" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "featureSize" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Backbone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Embedding" (
    "id" SERIAL NOT NULL,
    "backboneId" INTEGER NOT NULL,
    "imageSha256" CHAR(64) NOT NULL,
    "view" TEXT NOT NULL DEFAULT 'original',
    "vector" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Embedding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelledExample" (
    "id" SERIAL NOT NULL,
    "imageSha256" CHAR(64) NOT NULL,
    "label" TEXT NOT NULL,
    "source" "ExampleSource" NOT NULL,
    "memberId" INTEGER,
    "predictionId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelledExample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "backboneId" INTEGER NOT NULL,
    "labels" TEXT[],
    "weights" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "dataFingerprint" TEXT NOT NULL,
    "trainedBy" TEXT NOT NULL,
    "trainedByMember" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "active" BOOLEAN,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER,
    "classroomId" INTEGER,
    "modelVersionId" INTEGER NOT NULL,
    "imageSha256" CHAR(64) NOT NULL,
    "topClasses" JSONB NOT NULL,
    "notSure" BOOLEAN NOT NULL,
    "explanation" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingJob" (
    "id" SERIAL NOT NULL,
    "state" "TrainingJobState" NOT NULL DEFAULT 'queued',
    "requestedBy" TEXT NOT NULL,
    "requestedByMemberId" INTEGER,
    "progress" JSONB,
    "modelVersionId" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "openSlot" BOOLEAN,

    CONSTRAINT "TrainingJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Backbone_name_key" ON "Backbone"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Embedding_backboneId_imageSha256_view_key" ON "Embedding"("backboneId", "imageSha256", "view");

-- CreateIndex
CREATE INDEX "LabelledExample_source_imageSha256_idx" ON "LabelledExample"("source", "imageSha256");

-- CreateIndex
CREATE UNIQUE INDEX "LabelledExample_predictionId_memberId_key" ON "LabelledExample"("predictionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_version_key" ON "ModelVersion"("version");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_active_key" ON "ModelVersion"("active");

-- CreateIndex
CREATE INDEX "Prediction_memberId_idx" ON "Prediction"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingJob_openSlot_key" ON "TrainingJob"("openSlot");

-- AddForeignKey
ALTER TABLE "Embedding" ADD CONSTRAINT "Embedding_backboneId_fkey" FOREIGN KEY ("backboneId") REFERENCES "Backbone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_backboneId_fkey" FOREIGN KEY ("backboneId") REFERENCES "Backbone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
