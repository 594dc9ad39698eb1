// One console classroom: a member typing commands, clicking numbered buttons and answering
// prompts. Used the same way by the interactive terminal and by scripts (tests, demos).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dispatcher } from '../../app/dispatcher.ts';
import type { DirectMessenger } from '../../core/member-messages.ts';
import type { Invocation, Role } from '../../core/context.ts';
import { UserError } from '../../core/errors.ts';
import type { Language, Reply } from '../../core/reply.ts';
import { localAttachment } from './local-attachment.ts';
import { parseCommandLine } from './parse-command.ts';
import { renderReply, type Control } from './render.ts';

export interface ConsoleUser {
  name: string;
  role: Role;
}

export interface ConsoleOptions {
  user: ConsoleUser;
  /** The terminal's locale (LANG), used until the member picks a language with /language. */
  locale?: string;
  /** Where files the bot sends (CSV reports, PNG charts) are written. */
  outDir: string;
  write: (text: string) => void;
}

const CLASSROOM = { platform: 'console', externalId: 'local', name: 'Console classroom' } as const;

export class ConsoleSession {
  private controls: Control[] = [];
  private awaitingText?: Control;
  private user: ConsoleUser;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly options: ConsoleOptions,
  ) {
    this.user = options.user;
  }

  get prompt(): string {
    if (this.awaitingText?.prompt) return `${this.awaitingText.prompt.label} > `;
    return `${this.user.name}${this.user.role === 'instructor' ? ' (instructor)' : ''} > `;
  }

  /** Handles one line; returns false when the member asked to leave. */
  async handle(raw: string): Promise<boolean> {
    const line = raw.trim();
    // A command while a prompt waits abandons the prompt, as closing a modal would.
    if (this.awaitingText && !line.startsWith('/')) {
      const control = this.awaitingText;
      this.awaitingText = undefined;
      await this.show(await this.dispatcher.runAction(this.invocation(), control.actionId, { text: raw }));
      return true;
    }
    this.awaitingText = undefined;
    if (line === '') return true;
    if (line.startsWith('/')) return this.command(line);
    const clicked = /^\d+$/.test(line) ? this.controls.find((control) => control.number === Number(line)) : undefined;
    if (clicked) {
      await this.click(clicked);
      return true;
    }
    const onlyPrompt = this.controls.filter((control) => control.prompt);
    if (onlyPrompt.length === 1 && onlyPrompt[0]) {
      await this.show(await this.dispatcher.runAction(this.invocation(), onlyPrompt[0].actionId, { text: raw }));
      return true;
    }
    // Anything else is what a member would type in the bot's DM: the core answers it the same way
    // on every platform (a waiting quiz question, its letter, what to type).
    if (this.controls.length) this.options.write(this.say('버튼은 번호를 입력하세요.', 'To press a button, type its number.'));
    await this.show(await this.dispatcher.onDirectText(this.invocation(), raw));
    return true;
  }

  private async click(control: Control): Promise<void> {
    if (control.prompt) {
      this.awaitingText = control;
      const hint = control.prompt.placeholder ? ` (${control.prompt.placeholder})` : '';
      this.options.write(`── ${control.prompt.title}\n${control.prompt.label}${hint}`);
      return;
    }
    await this.show(await this.dispatcher.runAction(this.invocation(), control.actionId, control.values ? { values: control.values } : {}));
  }

  private async command(line: string): Promise<boolean> {
    const [head, ...rest] = line.slice(1).split(/\s+/);
    switch (head?.toLowerCase()) {
      case 'quit':
      case 'exit':
        return false;
      case 'as':
        this.switchUser(rest);
        return true;
      case 'whoami':
        this.options.write(`${this.user.name} (${this.user.role})`);
        return true;
    }
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
      parsed = parseCommandLine(line, (name) => this.dispatcher.command(name), localAttachment, this.language());
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      this.options.write(`✖ ${error.text[this.language()]}`);
      return true;
    }
    if (!parsed.ok) {
      this.options.write(`✖ ${this.say('사용법', 'Usage')}: ${parsed.error}`);
      return true;
    }
    await this.show(await this.dispatcher.runCommand(this.invocation(), parsed.name, parsed.args));
    return true;
  }

  private switchUser(args: string[]): void {
    const [name, role] = args;
    if (!name || (role && role !== 'instructor' && role !== 'student')) {
      this.options.write('/as <name> [student|instructor]');
      return;
    }
    this.user = { name, role: role === 'instructor' ? 'instructor' : 'student' };
    this.controls = [];
    this.options.write(this.say(`이제 ${name}(${this.user.role}) 입니다.`, `You are now ${name} (${this.user.role}).`));
  }

  private invocation(): Invocation {
    return {
      classroom: CLASSROOM,
      caller: {
        platformUserId: this.user.name.toLowerCase(),
        displayName: this.user.name,
        platformRole: this.user.role,
        ...(this.options.locale ? { locale: this.options.locale } : {}),
      },
      channelId: 'console',
      progress: async (reply) => this.show([reply], false),
    };
  }

  /** DMs to other members (a student told of a re-graded answer): everyone sits at this one terminal. */
  messenger(): DirectMessenger {
    return {
      send: async (to, reply) => {
        // The recipient isn't the one typing: their message's buttons are not the current ones.
        const text = await renderReply(reply, [], (name, data) => this.save(name, data));
        this.options.write(`── → ${to.displayName}\n${text}`);
      },
    };
  }

  private async show(replies: Reply[], resetControls = true): Promise<void> {
    if (resetControls) this.controls = [];
    for (const reply of replies) {
      this.options.write(await renderReply(reply, this.controls, (name, data) => this.save(name, data)));
    }
  }

  /** Where the file was saved, or why it wasn't: a folder we can't write must not end the class. */
  private async save(name: string, data: Uint8Array): Promise<string> {
    const path = join(this.options.outDir, name.replace(/[^\w.-]/g, '_'));
    try {
      await mkdir(this.options.outDir, { recursive: true });
      await writeFile(path, data);
      return path;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return this.say(
        `✖ 저장하지 못했습니다 (${reason}). 폴더 ${this.options.outDir} 에 쓸 수 있는지 확인하고 다시 실행해 주세요.`,
        `✖ not saved (${reason}): check that ${this.options.outDir} is a folder you can write to, then run it again.`,
      );
    }
  }

  private language(): Language {
    return this.options.locale?.startsWith('ko') ? 'ko' : 'en';
  }

  private say(ko: string, en: string): string {
    return this.language() === 'ko' ? ko : en;
  }
}
