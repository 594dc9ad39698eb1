// The allow-lists of where an adapter may send a request a platform's payload names (a file's
// URL): compared by origin (scheme, host and port), so a look-alike host or port never passes.

export function isAllowedOrigin(url: string, origins: ReadonlySet<string>): boolean {
  try {
    return origins.has(new URL(url).origin);
  } catch {
    return false;
  }
}
