// The composition root: reads config, opens the database, builds the classroom and the
// classifier, then starts each platform whose tokens are set, or the console when none are.
// It runs until SIGTERM/SIGINT (or the console's end), then stops in reverse order: platforms
// (no new requests, then the acknowledged ones finish), the classifier, the database; exit 0.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createClassroom } from './app/classroom.ts';
import { classifierPlugin } from './app/classifier-plugin.ts';
import { ConfigError, describeConfig, readConfig } from './config.ts';
import { DatabaseUnavailableError, openDatabase } from './db/client.ts';
import { SHUTDOWN_GRACE_MS } from './platforms/shared/in-flight.ts';
import { PlatformStartError } from './platforms/shared/start-error.ts';
import { redactSecrets, scrubSecretsFromOutput } from './secrets.ts';
import { Stopping } from './stopping.ts';

scrubSecretsFromOutput();

interface Stoppable {
  stop(): Promise<void>;
}

/** The platforms' drain (SHUTDOWN_GRACE_MS), then time to disconnect and close the database. */
const STOP_DEADLINE_MS = SHUTDOWN_GRACE_MS + 10_000;

/** Time left, after the photo queue refuses what still waits, for those answers to reach the platform. */
const PHOTO_REFUSAL_MARGIN_MS = 3_000;

const log = (message: string) => process.stderr.write(`[foodvision] ${message}\n`);

async function main(stopping: Stopping): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      script: { type: 'string' },
      as: { type: 'string' },
      instructor: { type: 'boolean', default: false },
    },
  });
  const config = readConfig();
  log(describeConfig(config));

  // What is open, closed last-opened-first however main ends: a stop, the console's end, a failure.
  const closers: (() => Promise<void>)[] = [];
  try {
    const database = await openDatabase({
      ...(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'pglite') }),
      log,
    });
    closers.push(() => database.close());
    if (stopping.begun) return;
    const classifier = await classifierPlugin({ database, ...(config.classifierUrl ? { url: config.classifierUrl } : {}), log });
    closers.push(() => classifier.close());
    const { dispatcher, services } = await createClassroom({
      database,
      plugins: [classifier],
      log: (message, error) => log(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    // All platforms stop together: each closes its intake at once, then drains its own work.
    const running: Stoppable[] = [];
    closers.push(async () => {
      // Photos still in line when the platforms' grace ends are told to post again, while the platforms can still say so.
      classifier.stopTakingPhotos(SHUTDOWN_GRACE_MS - PHOTO_REFUSAL_MARGIN_MS);
      await Promise.all(running.map((platform) => platform.stop().catch((error: unknown) => log(`stopping a platform failed: ${describe(error)}`))));
    });

    // Stopped before the platforms (closers run last-first): its overrides DM students through them.
    if (config.dashboard && !stopping.begun) {
      const { startDashboard } = await import('./dashboard/server.ts');
      const dashboard = await startDashboard({ config: config.dashboard, services, database, log });
      services.dashboardLinks = dashboard.links;
      closers.push(() => dashboard.stop());
    }
    if (config.discord && !stopping.begun) {
      const { startDiscord } = await import('./platforms/discord/index.ts');
      running.push(
        await startDiscord({
          token: config.discord.token,
          applicationId: config.discord.applicationId,
          instructorRoleName: config.discord.instructorRole,
          messageContent: config.discord.messageContent,
          guildMembers: config.discord.guildMembers,
          dispatcher,
          log,
          ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}),
        }),
      );
      log('discord: connected');
    }
    if (config.slack && !stopping.begun) {
      const { startSlack } = await import('./platforms/slack/index.ts');
      const slack = await startSlack({ ...config.slack, dispatcher, log });
      running.push(slack);
      log(`slack: listening on ${slack.port}`);
    }
    if (config.discord || config.slack) {
      await stopping.requested;
      return;
    }

    const { runConsole } = await import('./platforms/console/index.ts');
    await runConsole({
      dispatcher,
      user: { name: flags.as ?? (userInfo().username || 'student'), role: flags.instructor ? 'instructor' : 'student' },
      outDir: join(config.dataDir, 'console-out'),
      signal: stopping.signal,
      ...(flags.script ? { script: flags.script } : {}),
      ...(process.env.LANG ? { locale: process.env.LANG } : {}),
    });
  } finally {
    // Arms the deadline when the console ended by itself (a script's end, /quit) or start-up failed.
    stopping.begin();
    for (const close of closers.reverse()) await close().catch((error: unknown) => log(`stopping: ${describe(error)}`));
  }
}

/** An error's message only: a stack or a driver's error object could carry a connection string. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const stopping = new Stopping({ log, deadlineMs: STOP_DEADLINE_MS }).listen();
main(stopping).then(
  () => {
    if (stopping.bySignal) log('stopped');
    // Explicit: a handle a library left open (a keep-alive socket, a timer) must not keep a
    // stopped bot alive until the deadline.
    process.exit(0);
  },
  (error: unknown) => {
    // Expected start-up failures get one clear sentence; anything else is a bug and keeps its stack.
    // The output scrub covers these too; redacting here as well keeps the promise if it is removed.
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof PlatformStartError) {
      process.stderr.write(`foodvision: ${redactSecrets(error.message)}\n`);
    } else {
      process.stderr.write(redactSecrets(`foodvision: unexpected failure\n${error instanceof Error ? error.stack : String(error)}\n`));
    }
    process.exit(1);
  },
);
