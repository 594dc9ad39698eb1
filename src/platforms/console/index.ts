// The console classroom: interactive in a terminal, or line by line from a script or a pipe.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Dispatcher } from '../../app/dispatcher.ts';
import { ConsoleSession, type ConsoleUser } from './session.ts';

export interface ConsoleRunOptions {
  dispatcher: Dispatcher;
  user: ConsoleUser;
  locale?: string;
  outDir: string;
  /** A script file to play instead of standard input. */
  script?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Aborted when the process stops (SIGTERM, SIGINT): the command under way finishes, no more are read. */
  signal?: AbortSignal;
}

export async function runConsole(options: ConsoleRunOptions): Promise<void> {
  const output = options.output ?? process.stdout;
  const input = options.script ? createReadStream(options.script, 'utf8') : (options.input ?? process.stdin);
  const interactive = !options.script && Boolean((input as NodeJS.ReadStream).isTTY);
  const session = new ConsoleSession(options.dispatcher, {
    user: options.user,
    outDir: options.outDir,
    write: (text) => output.write(`${text}\n`),
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const unregister = options.dispatcher.services.messages.register('console', session.messenger());
  const lines = createInterface({ input, ...(interactive ? { output, terminal: true } : {}) });
  let busy = false;
  const stop = () => {
    if (busy) output.write('… stopping once this command has finished\n');
    lines.close();
  };
  // Ctrl-C at a terminal reaches readline as a key, not as a signal: the same stop.
  if (interactive) lines.on('SIGINT', stop);
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });
  const banner = [
    'FoodVision Classroom — console',
    'Try /lesson 7, /quiz 7, /challenge 7, /predict <photo>, /help.  Buttons: type their number.',
    '/as <name> [student|instructor] switches who you are; /quit leaves.',
  ];
  output.write(`${banner.join('\n')}\n`);
  if (interactive) {
    lines.setPrompt(session.prompt);
    lines.prompt();
  }
  for await (const line of lines) {
    // Lines already read from a pipe are still delivered after close(); a stopped console drops them.
    if (options.signal?.aborted) break;
    // Scripts echo what they type, so a log reads like a transcript.
    if (!interactive) output.write(`${session.prompt}${line}\n`);
    // The dispatcher answers every expected failure; anything else is a bug, and one line about
    // it beats ending the class for everyone at this terminal.
    busy = true;
    const keepGoing = await session.handle(line).catch((error: unknown) => {
      output.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
      return true;
    });
    busy = false;
    if (!keepGoing || options.signal?.aborted) break;
    if (interactive) {
      lines.setPrompt(session.prompt);
      lines.prompt();
    }
  }
  options.signal?.removeEventListener('abort', stop);
  lines.close();
  unregister();
}
