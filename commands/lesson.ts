// /lesson number [section]: posts a section of a lesson in the channel; its buttons page through the
// lesson privately for whoever clicks (see views/lesson-view.ts).
import { defineCommand, type ActionHandler } from '../src/app/command.ts';
import { intParam, me } from './views/common.ts';
import { sectionReply } from './views/lesson-view.ts';

/** Opens the clicker's own page from the shared message: a new private reply. */
const open: ActionHandler = {
  async run(ctx, { params }) {
    const view = await ctx.services.lessons.view(me(ctx), intParam(params[0]), intParam(params[1]));
    return { ...sectionReply(view, ctx.t, 'private'), target: 'reply' };
  },
};

/** Turns the clicker's own private page in place. */
const page: ActionHandler = {
  async run(ctx, { params }) {
    const view = await ctx.services.lessons.view(me(ctx), intParam(params[0]), intParam(params[1]));
    return { ...sectionReply(view, ctx.t, 'private'), target: 'update' };
  },
};

/** Opens the clicker's own page where they last were, from the shared message. */
const resume: ActionHandler = {
  async run(ctx, { params }) {
    const view = await ctx.services.lessons.resume(me(ctx), intParam(params[0]));
    return { ...sectionReply(view, ctx.t, 'private'), target: 'reply' };
  },
};

export default defineCommand({
  name: 'lesson',
  names: { ko: '수업' },
  description: { ko: '수업을 열어요 (예: /lesson 7)', en: 'Open a lesson (e.g. /lesson 7)' },
  options: [
    { name: 'number', names: { ko: '번호' }, description: { ko: '수업 번호', en: 'Lesson number' }, type: 'integer', required: true, minValue: 1 },
    { name: 'section', names: { ko: '섹션' }, description: { ko: '섹션 번호 (기본 1)', en: 'Section number (default 1)' }, type: 'integer', minValue: 1 },
  ],
  requiredRole: 'student',
  async run(ctx, args) {
    const section = args.section === undefined ? 1 : Number(args.section);
    // The channel's copy of the lesson: posting it again must not send the poster's own page back.
    const view = await ctx.services.lessons.view(me(ctx), args.number, section - 1, { move: false });
    return { ...sectionReply(view, ctx.t, 'shared'), target: 'reply' };
  },
  actions: { open, page, resume },
});
