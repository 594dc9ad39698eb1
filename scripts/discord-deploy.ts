// npm run discord:deploy — registers every command (core + classifier) with Discord.
// DISCORD_TOKEN and DISCORD_APPLICATION_ID are required; DISCORD_GUILD_ID registers in one server
// (instant) instead of globally; DISCORD_API_URL points at another API (a local double).
import { coreCommands } from '../commands/index.ts';
import { classifierCommands } from '../src/app/classifier-plugin.ts';
import { deployCommands } from '../src/platforms/discord/deploy.ts';

const token = process.env.DISCORD_TOKEN;
const applicationId = process.env.DISCORD_APPLICATION_ID;
if (!token || !applicationId) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register in one server only).');
  process.exit(1);
}
const guildId = process.env.DISCORD_GUILD_ID || undefined;
try {
  const registered = await deployCommands({
    token,
    applicationId,
    ...(guildId ? { guildId } : {}),
    ...(process.env.DISCORD_API_URL ? { apiUrl: process.env.DISCORD_API_URL } : {}),
    commands: [...coreCommands, ...classifierCommands],
  });
  const names = registered.map((c) => (c.type === 1 ? `/${c.name}` : `"${c.name}"`)).join(', ');
  console.log(`Registered ${registered.length} commands ${guildId ? `in guild ${guildId}` : 'globally (may take a while to appear)'}: ${names}`);
} catch (error) {
  // The REST error says what Discord refused; the token is never part of it.
  console.error(`Registering the commands failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
