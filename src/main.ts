// The composition root: reads config, opens the database, builds the classroom and the
// classifier, then starts each platform whose tokens are set, or the console when none are.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createClassroom } from './app/classroom.ts';
import { classifierPlugin } from './classifier/plugin.ts';
import { ConfigError, describeConfig, readConfig } from './config.ts';
import { DatabaseUnavailableError, openDatabase } from './db/client.ts';
import { PlatformStartError } from './platforms/shared/start-error.ts';
import { redactSecrets, scrubSecretsFromOutput } from './secrets.ts';

scrubSecretsFromOutput();
import { SHUTDOWN_GRACE_MS } from './platforms/shared/in-flight.ts';

/** Time left, after the photo queue refuses what still waits, for those answers to reach the platform. */
const PHOTO_REFUSAL_MARGIN_MS = 3_000;

interface Stoppable {
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      script: { type: 'string' },
      as: { type: 'string' },
      instructor: { type: 'boolean', default: false },
    },
  });
  const config = readConfig();
  const log = (message: string) => process.stderr.write(`[foodvision] ${message}\n`);
  log(describeConfig(config));

  const database = await openDatabase({
    ...(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'pglite') }),
    log,
  });
  const classifier = await classifierPlugin({ database, ...(config.classifierUrl ? { url: config.classifierUrl } : {}), log });
  const { dispatcher } = await createClassroom({
    database,
    plugins: [classifier],
    log: (message, error) => log(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const running: Stoppable[] = [];
  const shutdown = async () => {
    // Photos still in line when the platforms' grace ends are told to post again, while the platforms can still say so.
    classifier.stopTakingPhotos(SHUTDOWN_GRACE_MS - PHOTO_REFUSAL_MARGIN_MS);
    for (const platform of running) await platform.stop().catch(() => undefined);
    await classifier.close?.();
    await database.close();
  };

  if (config.discord) {
    const { startDiscord } = await import('./platforms/discord/index.ts');
    running.push(
      await startDiscord({
        token: config.discord.token,
        applicationId: config.discord.applicationId,
        instructorRoleName: config.discord.instructorRole,
        messageContent: config.discord.messageContent,
        dispatcher,
        log,
        ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}),
      }),
    );
    log('discord: connected');
  }
  if (config.slack) {
    const { startSlack } = await import('./platforms/slack/index.ts');
    const slack = await startSlack({ ...config.slack, dispatcher, log });
    running.push(slack);
    log(`slack: listening on ${slack.port}`);
  }
  if (running.length > 0) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void shutdown().then(() => process.exit(0)));
    }
    return;
  }

  const { runConsole } = await import('./platforms/console/index.ts');
  await runConsole({
    dispatcher,
    user: { name: flags.as ?? (userInfo().username || 'student'), role: flags.instructor ? 'instructor' : 'student' },
    outDir: join(config.dataDir, 'console-out'),
    ...(flags.script ? { script: flags.script } : {}),
    ...(process.env.LANG ? { locale: process.env.LANG } : {}),
  });
  await shutdown();
}

main().catch((error: unknown) => {
  // Expected start-up failures get one clear sentence; anything else is a bug and keeps its stack.
  // The output scrub covers these too; redacting here as well keeps the promise if it is removed.
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof PlatformStartError) {
    process.stderr.write(`foodvision: ${redactSecrets(error.message)}\n`);
  } else {
    process.stderr.write(redactSecrets(`foodvision: unexpected failure\n${error instanceof Error ? error.stack : String(error)}\n`));
  }
  process.exit(1);
});
