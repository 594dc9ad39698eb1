// Builds a working classroom from a database: the core services over Prisma repositories, the
// commands under commands/, and whatever plugins bring (the classifier's /predict, /model, photo
// listener), so a new feature adds commands without touching core files.
import { coreCommands } from '../../commands/index.ts';
import { loadLessons, type LessonCatalog } from '../core/lessons/content.ts';
import type { Database } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { PrismaDeliveryLog } from '../db/repositories/delivered-events.ts';
import { PrismaRateLimits } from '../db/repositories/rate-limits.ts';
import { createPrismaStore } from '../db/repositories/index.ts';
import type { AttachmentListener, Command } from './command.ts';
import { Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { MemberMessages } from './member-messages.ts';
import { createCoreServices, type Services } from './services.ts';

export interface ClassroomPlugin {
  commands: Command[];
  listeners?: AttachmentListener[];
  /** Added to `Services` under these names; a name the core already uses is refused. */
  services?: Record<string, unknown>;
}

export interface ClassroomOptions {
  database: Pick<Database, 'prisma'> & Partial<Pick<Database, 'traceWrites'>>;
  /** Defaults to the lesson files under src/content/lessons. */
  lessons?: LessonCatalog;
  plugins?: ClassroomPlugin[];
  log?: DispatcherOptions['log'];
}

export async function createClassroom(options: ClassroomOptions): Promise<{ dispatcher: Dispatcher; services: Services }> {
  const catalog = options.lessons ?? (await loadLessons());
  const plugins = options.plugins ?? [];
  const commands = [...coreCommands, ...plugins.flatMap((plugin) => plugin.commands)];
  const services: Services = {
    ...createCoreServices(createPrismaStore(options.database.prisma), catalog),
    deliveries: new PrismaDeliveryLog(options.database.prisma),
    // The cooldown precondition counts here, so its limits hold across every bot process.
    rateLimits: new PrismaRateLimits(options.database.prisma),
    messages: new MemberMessages((line) => options.log?.('messages', line)),
    commands,
  };
  for (const plugin of plugins) {
    for (const [name, service] of Object.entries(plugin.services ?? {})) {
      if (name in services) throw new Error(`a plugin's service "${name}" would replace an existing one`);
      services[name] = service;
    }
  }
  const dispatcher = new Dispatcher(
    commands,
    services,
    plugins.flatMap((plugin) => plugin.listeners ?? []),
    {
      isUnavailable: isDatabaseUnavailable,
      ...(options.database.traceWrites ? { traceWrites: options.database.traceWrites } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
  );
  return { dispatcher, services };
}
