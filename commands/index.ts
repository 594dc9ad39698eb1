// Every core command, in the order /help lists them. Plugins (the classifier) bring their own.
import type { Command, TextListener } from '../src/app/command.ts';
import answers from './answers.ts';
import challenge from './challenge.ts';
import dashboard from './dashboard.ts';
import directText from './direct-text.ts';
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
import review from './review.ts';
import roster from './roster.ts';
import stats from './stats.ts';

export const coreCommands: readonly Command[] = [
  lesson,
  quiz,
  review,
  challenge,
  progress,
  leaderboard,
  language,
  privacy,
  mydata,
  help,
  report,
  stats,
  roster,
  answers,
  dashboard,
  instructor,
];

/** What answers text typed in a DM; the last one always answers, so a member never meets silence. */
export const coreTextListeners: readonly TextListener[] = [directText];
