// A bot process that starts `/model train` on a tiny data set and prints each progress report as
// a JSON line: training-crash.test.ts SIGKILLs it mid-run; training-cancel.test.ts cancels it. `node --import tsx` runs it directly,
// so the signal reaches this process and no wrapper.
import { openDatabase } from '../../../src/db/client.ts';
import { startInProcessClassifier } from '../../../src/classifier/service/create.ts';
import { UserError } from '../../../src/core/errors.ts';
import { classroomId, tinyTraining } from './support.ts';

const url = process.env.TRAIN_CHILD_DATABASE_URL;
const perClass = Number(process.env.TRAIN_CHILD_PER_CLASS ?? '4');
if (!url) throw new Error('TRAIN_CHILD_DATABASE_URL is not set');

const database = await openDatabase({ url });
const classifier = await startInProcessClassifier(
  tinyTraining(database.prisma, perClass, {
    // Beats often, so the test's live classifier can't mistake it for dead while it runs.
    heartbeatMs: 100,
    staleAfterMs: 60_000,
    leaseCheckMs: 60_000,
    log: (line) => process.stderr.write(`${line}\n`),
  }),
);
const memberId = process.env.TRAIN_CHILD_MEMBER ? Number(process.env.TRAIN_CHILD_MEMBER) : undefined;
const who = { name: process.env.TRAIN_CHILD_NAME ?? 'crashed teacher', classroomId: await classroomId(database.prisma), ...(memberId ? { memberId } : {}) };
try {
  await classifier.train(who, (progress) => {
    process.stdout.write(`${JSON.stringify(progress)}\n`);
  });
  process.stdout.write(`${JSON.stringify({ finished: true })}\n`);
} catch (error) {
  // A run that ends with a UserError (cancelled by its instructor) says which, for the test to read.
  if (!(error instanceof UserError)) throw error;
  process.stdout.write(`${JSON.stringify({ error: error.code })}\n`);
}
await classifier.close();
await database.close();
