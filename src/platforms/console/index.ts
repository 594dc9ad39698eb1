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
  const lines = createInterface({ input, ...(interactive ? { output, terminal: true } : {}) });
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
    // Scripts echo what they type, so a log reads like a transcript.
    if (!interactive) output.write(`${session.prompt}${line}\n`);
    // The dispatcher answers every expected failure; anything else is a bug, and one line about
    // it beats ending the class for everyone at this terminal.
    const keepGoing = await session.handle(line).catch((error: unknown) => {
      output.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
      return true;
    });
    if (!keepGoing) break;
    if (interactive) {
      lines.setPrompt(session.prompt);
      lines.prompt();
    }
  }
  lines.close();
}
