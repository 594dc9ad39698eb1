// Registers the commands with Discord: per guild (appears at once, for trying things out) or
// globally (every server the bot is in; Discord may take a while to show changes).
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Command } from '../../app/command.ts';
import { commandPayload } from './command-payload.ts';

export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in this guild only; without it, globally. */
  guildId?: string;
  apiUrl?: string;
  commands: readonly Command[];
}

export async function deployCommands(options: DeployOptions): Promise<RESTPutAPIApplicationCommandsResult> {
  const rest = new REST({ ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(options.token);
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  return (await rest.put(route, { body: commandPayload(options.commands) })) as RESTPutAPIApplicationCommandsResult;
}
