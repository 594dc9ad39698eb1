// What the dashboard needs to start; src/config.ts reads it from the environment.
export interface DashboardConfig {
  port: number;
  /** Where the server listens (default loopback: put HTTPS in front of it). */
  host: string;
  /** The address instructors open, e.g. https://class.example/ ; default http://host:port. */
  publicUrl?: string;
  /** Signs sign-in links (HMAC-SHA256). Never printed. */
  secret: string;
}
