// Every dashboard page, in the order the menu lists them.
import answers from './answers.ts';
import classPage from './class.ts';
import corrections from './corrections.ts';
import insights from './insights.ts';
import leaderboard from './leaderboard.ts';
import models from './models.ts';
import type { DashboardPage } from './page.ts';

export const dashboardPages: readonly DashboardPage[] = [classPage, answers, insights, leaderboard, models, corrections];
