// Builds a working classroom from the stores it is handed (the composition root passes the
// Database from src/db/client.ts, whose stores are Prisma's): the core services, the commands
// under commands/, and whatever plugins bring (the classifier's /predict, /model, photo listener),
// so a new feature adds commands without touching core files.
import { coreCommands, coreTextListeners } from '../../commands/index.ts';
import { loadLessons, type LessonCatalog } from '../core/lessons/content.ts';
import type { ClassroomStores } from '../core/ports.ts';
import type { AttachmentListener, Command, TextListener } from './command.ts';
import { Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { MemberMessages } from '../core/member-messages.ts';
import { createCoreServices, type Services } from './services.ts';

export interface ClassroomPlugin {
  commands: Command[];
  listeners?: AttachmentListener[];
  /** Answer text typed in a DM before the core's own listener (which always answers). */
  textListeners?: TextListener[];
  /** Added to `Services` under these names; a name the core already uses is refused. */
  services?: Record<string, unknown>;
}

export interface ClassroomOptions {
  database: {
    stores: ClassroomStores;
    /** Notes whether a request's writes may have reached the database (see DispatcherOptions). */
    traceWrites?: DispatcherOptions['traceWrites'];
  };
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
    ...createCoreServices(options.database.stores.classroom, catalog),
    deliveries: options.database.stores.deliveries,
    rateLimits: options.database.stores.rateLimits,
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
      isUnavailable: options.database.stores.isUnavailable,
      textListeners: [...plugins.flatMap((plugin) => plugin.textListeners ?? []), ...coreTextListeners],
      ...(options.database.traceWrites ? { traceWrites: options.database.traceWrites } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
  );
  return { dispatcher, services };
}
