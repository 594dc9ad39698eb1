// Prisma batches concurrent findUnique calls on one model into a single `in` query, which a
// Boolean unique field (ModelVersion.active, TrainingJob.openSlot) refuses. These lookups run on
// every photo and every /model status, so they must hold under concurrency on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierStores as ClassifierRepositories } from '../../../src/classifier/ports.ts';
import { classifierRepositories } from '../../../src/db/classifier/index.ts';
import { createEmbeddedTestDatabase, createTestDatabase } from '../../support/database.ts';

/** TrainingJob.classroomId has no foreign key: jobs outlive a removed classroom's id. */
const CLASSROOM = 1;

const weights = { backbone: 'mobilenet_v1_0.75_224', labels: ['a', 'b'], kernel: [[0, 0]], bias: [0, 0] };

for (const kind of ['postgres', 'pglite'] as const) {
  describe(`Boolean unique lookups under concurrency (${kind})`, () => {
    let drop: () => Promise<void>;
    let repositories: ClassifierRepositories;

    beforeAll(async () => {
      const db = kind === 'postgres' ? await createTestDatabase() : await createEmbeddedTestDatabase();
      drop = db.drop;
      repositories = classifierRepositories(db.prisma);
      const backbone = await db.prisma.backbone.create({ data: { name: weights.backbone, featureSize: 2 } });
      await repositories.registry.add({
        backboneId: backbone.id,
        weights: weights as never,
        metrics: { accuracy: 1 } as never,
        dataFingerprint: 'test',
        trainedBy: 'test',
        activate: true,
      });
      await repositories.jobs.enqueue(CLASSROOM, 'Teacher', 'test/1/-/lease');
    });
    afterAll(() => drop?.());

    it('answers twenty concurrent active(), activeIdFor() and open() calls', async () => {
      const { registry, jobs } = repositories;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => [registry.active(), registry.activeIdFor(CLASSROOM), jobs.open(CLASSROOM)][i % 3]!),
      );
      const versions = results.filter((r) => typeof r === 'object' && r !== null && 'version' in r);
      const ids = results.filter((r) => typeof r === 'number');
      const open = results.filter((r) => typeof r === 'object' && r !== null && 'state' in r);
      expect(versions).toHaveLength(7);
      expect(ids).toHaveLength(7);
      expect(open).toHaveLength(6);
      expect(new Set(ids)).toEqual(new Set([(versions[0] as { id: number }).id]));
      expect(open.every((job) => (job as { state: string }).state === 'queued')).toBe(true);
    });
  });
}
