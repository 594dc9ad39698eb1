/**
 * The database can't be used: the server is down, the login or the database name is wrong, or
 * the embedded data directory can't be opened. The message is one sentence meant for the
 * operator (host, port and database, never the password); the main program prints it and exits.
 */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The migration history can't be trusted: an applied migration's file changed, or a migration
 * failed earlier and left the database half-way. Starting anyway could corrupt data, so to the
 * main program this is one more reason the database is unavailable (one sentence, exit 1).
 */
export class MigrationError extends DatabaseUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}
