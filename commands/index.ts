// Every core command, in the order /help lists them. Plugins (the classifier) bring their own.
import type { Command } from '../src/app/command.ts';
import answers from './answers.ts';
import challenge from './challenge.ts';
import dashboard from './dashboard.ts';
import help from './help.ts';
import instructor from './instructor.ts';
import language from './language.ts';
import leaderboard from './leaderboard.ts';
import lesson from './lesson.ts';
import mydata from './mydata.ts';
import privacy from './privacy.ts';
import progress from './progress.ts';
import quiz from './quiz.ts';
import report from './report.ts';

export const coreCommands: readonly Command[] = [lesson, quiz, challenge, progress, leaderboard, language, privacy, mydata, help, report, answers, dashboard, instructor];
