// /help: the commands the caller may use, in their language.
import { defineCommand } from '../src/app/command.ts';

export default defineCommand({
  name: 'help',
  names: { ko: '도움말' },
  description: { ko: '쓸 수 있는 명령을 보여 줘요', en: 'Show the commands you can use' },
  requiredRole: 'student',
  allowInDm: true,
  async run(ctx) {
    const mayUse = ctx.services.commands.filter((c) => c.requiredRole === 'student' || ctx.caller.role === 'instructor');
    const lines = mayUse.map((c) => {
      const subcommands = c.subcommands?.length ? [c.subcommands.map((s) => s.name).join('|')] : [];
      const options = (c.subcommands?.[0]?.options ?? c.options ?? []).map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
      const usage = [c.name, ...subcommands, ...options];
      return `/${usage.join(' ')} — ${ctx.t(c.description)}`;
    });
    return {
      title: ctx.t({ ko: '📘 도움말', en: '📘 Help' }),
      blocks: [
        { kind: 'text', text: lines.join('\n') },
        { kind: 'text', text: ctx.t({ ko: '처음이라면 /lesson 7 부터 시작해 보세요!', en: 'New here? Start with /lesson 7!' }) },
      ],
      tone: 'info',
      private: true,
      target: 'reply',
    };
  },
});
