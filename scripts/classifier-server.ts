// `npm run classifier`: the classifier as an HTTP service, for a GPU machine the bots reach at
// CLASSIFIER_URL. It needs the database (DATABASE_URL, or the embedded one) for its cache,
// registry and predictions, and a pulled backbone. With CLASSIFIER_TOKEN set, callers must send it
// as a bearer token (the bots do when they have the same variable); on any address but loopback it
// refuses to start without one, unless CLASSIFIER_ALLOW_OPEN=1.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopback, openAccessRefusal } from '../src/classifier/service/open-access.ts';
import { Stopping } from '../src/stopping.ts';
import { classifierRepositories } from '../src/db/classifier/index.ts';

const optional = (text: string | undefined) => (text ? { default: text } : {});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.CLASSIFIER_PORT ?? '8600' },
    host: { type: 'string', default: process.env.CLASSIFIER_HOST ?? '127.0.0.1' },
    concurrency: { type: 'string', default: process.env.CLASSIFIER_CONCURRENCY ?? '2' },
    'max-waiting': { type: 'string', default: process.env.CLASSIFIER_MAX_WAITING ?? '16' },
    // Unset: the service's own defaults (60 s for a whole request, 10 s for its headers).
    'request-timeout-ms': { type: 'string', ...optional(process.env.CLASSIFIER_REQUEST_TIMEOUT_MS) },
    'headers-timeout-ms': { type: 'string', ...optional(process.env.CLASSIFIER_HEADERS_TIMEOUT_MS) },
  },
});

const log = (line: string) => process.stderr.write(`[classifier] ${line}\n`);

/** Requests already taken finish on a stop (a photo takes seconds, a full queue longer); past this it exits anyway. */
const STOP_DEADLINE_MS = 30_000;

function count(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${text}"`);
  return value;
}

async function main(): Promise<void> {
  // Before anything else: an open service on a reachable address must not come up, even briefly.
  const refusal = openAccessRefusal(values.host, process.env);
  if (refusal) {
    log(refusal);
    process.exit(1);
  }
  if (!isLoopback(values.host) && !process.env.CLASSIFIER_TOKEN?.trim()) log(`serving ${values.host} without a token (CLASSIFIER_ALLOW_OPEN=1)`);
  // Loaded only now, so a refused start is quick and opens nothing.
  const [{ readConfig }, { openDatabase }, { startInProcessClassifier }, { createClassifierServer }, { readClassifierSettings }] = await Promise.all([
    import('../src/config.ts'),
    import('../src/db/client.ts'),
    import('../src/classifier/service/create.ts'),
    import('../src/classifier/service/http-server.ts'),
    import('../src/classifier/service/settings.ts'),
  ]);
  const config = readConfig();
  const settings = readClassifierSettings();
  const database = await openDatabase({
    ...(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'pglite') }),
    log,
  });
  log(`database: ${database.describe}`);
  const classifier = await startInProcessClassifier({ ...settings, stores: classifierRepositories(database.prisma), log });
  const server = createClassifierServer({
    classifier,
    maxBodyBytes: settings.maxPhotoBytes,
    ...(process.env.CLASSIFIER_TOKEN ? { token: process.env.CLASSIFIER_TOKEN } : {}),
    queue: { concurrency: count('concurrency', values.concurrency, 1), maxWaiting: count('max-waiting', values['max-waiting'], 0) },
    ...(values['request-timeout-ms'] ? { requestTimeoutMs: count('request-timeout-ms', values['request-timeout-ms'], 1) } : {}),
    ...(values['headers-timeout-ms'] ? { headersTimeoutMs: count('headers-timeout-ms', values['headers-timeout-ms'], 1) } : {}),
    log,
  });
  const port = count('port', values.port, 0);
  server.listen(port, values.host, () => {
    const address = server.address();
    log(`listening on http://${values.host}:${typeof address === 'object' && address ? address.port : port} (backbone ${settings.backbone})`);
  });
  // No new connections, then the requests already taken get their answers, then the model and the database close.
  await stopping.requested;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await classifier.close();
  await database.close();
}

const stopping = new Stopping({ log, deadlineMs: STOP_DEADLINE_MS }).listen();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
