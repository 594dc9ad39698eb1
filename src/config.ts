// Reads the environment once. Secrets stay in this object and are never printed: describe()
// is what start-up logs.
import type { DashboardConfig } from './dashboard/config.ts';

export type { DashboardConfig };

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  discord?: { token: string; applicationId: string; apiUrl?: string; instructorRole: string; messageContent: boolean; guildMembers: boolean };
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string; port: number };
  classifierUrl?: string;
  dashboard?: DashboardConfig;
}

/** Shorter secrets are guessable offline from one signed link. */
export const MIN_DASHBOARD_SECRET = 32;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

export function readConfig(env: Env = process.env): Config {
  const config: Config = { dataDir: value(env, 'DATA_DIR') ?? 'data' };
  const databaseUrl = value(env, 'DATABASE_URL');
  if (databaseUrl) config.databaseUrl = databaseUrl;
  const classifierUrl = value(env, 'CLASSIFIER_URL');
  if (classifierUrl) config.classifierUrl = classifierUrl;

  const discordToken = value(env, 'DISCORD_TOKEN');
  if (discordToken) {
    const applicationId = value(env, 'DISCORD_APPLICATION_ID');
    if (!applicationId) throw new ConfigError('DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not.');
    config.discord = {
      token: discordToken,
      applicationId,
      instructorRole: value(env, 'DISCORD_INSTRUCTOR_ROLE') ?? 'Instructor',
      messageContent: value(env, 'DISCORD_MESSAGE_CONTENT') === 'true',
      guildMembers: value(env, 'DISCORD_GUILD_MEMBERS') === 'true',
      ...(value(env, 'DISCORD_API_URL') ? { apiUrl: value(env, 'DISCORD_API_URL') } : {}),
    };
  }

  const slackToken = value(env, 'SLACK_BOT_TOKEN');
  if (slackToken) {
    const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
    if (!signingSecret) throw new ConfigError('SLACK_BOT_TOKEN is set but SLACK_SIGNING_SECRET is not.');
    const port = Number(value(env, 'PORT') ?? '3000');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number.`);
    config.slack = {
      botToken: slackToken,
      signingSecret,
      port,
      ...(value(env, 'SLACK_APP_TOKEN') ? { appToken: value(env, 'SLACK_APP_TOKEN') } : {}),
      ...(value(env, 'SLACK_API_URL') ? { apiUrl: value(env, 'SLACK_API_URL') } : {}),
    };
  }
  const dashboardPort = value(env, 'DASHBOARD_PORT');
  if (dashboardPort) {
    const port = Number(dashboardPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('DASHBOARD_PORT must be a port number (0 picks a free one).');
    const secret = value(env, 'DASHBOARD_SECRET');
    if (!secret || secret.length < MIN_DASHBOARD_SECRET) {
      throw new ConfigError(
        `DASHBOARD_PORT is set but DASHBOARD_SECRET is ${secret ? 'too short' : 'not'}: set it to at least ${MIN_DASHBOARD_SECRET} random characters (e.g. openssl rand -hex 32), the same in every bot process.`,
      );
    }
    const publicUrl = value(env, 'DASHBOARD_PUBLIC_URL');
    if (publicUrl && !/^https?:\/\/[^/]/.test(publicUrl)) throw new ConfigError('DASHBOARD_PUBLIC_URL must start with http:// or https://.');
    config.dashboard = { port, host: value(env, 'DASHBOARD_HOST') ?? '127.0.0.1', secret, ...(publicUrl ? { publicUrl } : {}) };
  }
  return config;
}

/** One line for the start-up log, with no token, secret or database password in it. */
export function describeConfig(config: Config): string {
  const parts = [config.databaseUrl ? `database: ${redactUrl(config.databaseUrl)}` : `database: embedded (${config.dataDir})`];
  if (config.discord) parts.push(`discord: on${config.discord.apiUrl ? ` (${redactUrl(config.discord.apiUrl)})` : ''}`);
  if (config.slack) parts.push(`slack: on (${config.slack.appToken ? 'socket mode' : `http :${config.slack.port}`})`);
  if (!config.discord && !config.slack) parts.push('platforms: none, console classroom');
  if (config.dashboard)
    parts.push(
      `dashboard: on (${config.dashboard.host}:${config.dashboard.port}${config.dashboard.publicUrl ? `, ${redactUrl(config.dashboard.publicUrl)}` : ''})`,
    );
  if (config.classifierUrl) parts.push(`classifier: ${redactUrl(config.classifierUrl)}`);
  return parts.join(', ');
}

/**
 * Where a URL points, and nothing that could be a secret: a password can sit in the user-info
 * part or in the query (`?password=`, `?token=`, `sslkey=`), so only the scheme, user, host and
 * path are shown, and a query is only mentioned.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}${parsed.password ? ':***' : ''}@` : '';
    const query = parsed.search ? ' (query options hidden)' : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}${query}`;
  } catch {
    return '(unparseable url)';
  }
}
