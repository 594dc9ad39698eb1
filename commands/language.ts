// /language ko|en: the member's own language, kept over the platform's locale.
import { defineCommand } from '../src/app/command.ts';
import { userError } from '../src/core/errors.ts';
import { me } from './views/common.ts';

export default defineCommand({
  name: 'language',
  names: { ko: '언어' },
  description: { ko: '봇의 언어를 바꿔요 (ko / en)', en: "Change the bot's language (ko / en)" },
  options: [
    {
      name: 'language',
      names: { ko: '언어' },
      description: { ko: '언어', en: 'Language' },
      type: 'string',
      required: true,
      choices: [
        { name: { ko: '한국어', en: 'Korean' }, value: 'ko' },
        { name: { ko: '영어', en: 'English' }, value: 'en' },
      ],
    },
  ],
  requiredRole: 'student',
  allowInDm: true,
  async run(ctx, args) {
    const choice = typeof args.language === 'string' ? args.language.trim().toLowerCase() : '';
    if (choice !== 'ko' && choice !== 'en') {
      throw userError('language-unknown', '언어는 ko 또는 en 으로 골라 주세요.', 'Please choose ko or en.');
    }
    await ctx.services.roster.setLanguage(me(ctx), choice);
    const text = choice === 'ko' ? '이제 한국어로 안내할게요.' : "I'll speak English from now on.";
    return { blocks: [{ kind: 'text', text }], tone: 'success', private: true, target: 'reply' };
  },
});
