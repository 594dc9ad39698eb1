// The instructor's analytics for one lesson: a text summary and one PNG (option shares on first
// attempts, the completion funnel), so the picture and the numbers say the same.
import type { ChoiceTally, LessonAnalytics, QuestionStats, StepStats } from '../../src/core/analytics/analytics-service.ts';
import { barChartSvg, type BarSection } from '../../src/core/charts/bar-chart.ts';
import { svgToPng } from '../../src/core/charts/svg.ts';
import { verdictLabel } from '../../src/core/challenge/verdict-labels.ts';
import type { Block, Reply } from '../../src/core/reply.ts';
import type { Translate } from './common.ts';

const MISTAKES_SHOWN = 3;

function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

function shares(tally: ChoiceTally, answer: string | undefined): string {
  return tally.options.map((o) => `${o.optionId}${o.optionId === answer ? '✓' : ''} ${percent(tally.answered ? o.share : null)}`).join(' · ');
}

function questionLine(q: QuestionStats, t: Translate): string {
  const name = t({ ko: `${q.index + 1}번`, en: `Q${q.index + 1}` });
  const answer = q.question?.answer;
  const first = q.firstAttempt;
  return [
    `${name} ${t({ ko: `첫 시도 정답률 ${percent(first.correctRate)} (${first.answered}명)`, en: `first-attempt correct ${percent(first.correctRate)} (${first.answered} students)` })}`,
    `  ${t({ ko: '첫 시도', en: 'first attempt' })}: ${shares(first, answer)}`,
    `  ${t({ ko: `전체 ${q.overall.answered}회`, en: `all ${q.overall.answered} answers` })}: ${shares(q.overall, answer)}`,
  ].join('\n');
}

function stepLine(s: StepStats, t: Translate): string {
  const head = t({
    ko: `${s.step}단계 ${s.tried}명 시도, ${s.solved}명 해결 (첫 답에 ${s.solvedFirstTry}명), 답 ${s.answers}개`,
    en: `Step ${s.step} ${s.tried} tried, ${s.solved} solved (${s.solvedFirstTry} on the first answer), ${s.answers} answers`,
  });
  const mistakes = s.mistakes
    .slice(0, MISTAKES_SHOWN)
    .map((m) =>
      t({ ko: `${t(verdictLabel(m.verdict))} ${m.count}회 (${m.members}명)`, en: `${t(verdictLabel(m.verdict))} ×${m.count} (${m.members} students)` }),
    );
  const tail = mistakes.length ? `\n  ${t({ ko: '흔한 실수', en: 'common mistakes' })}: ${mistakes.join(' · ')}` : '';
  return head + tail;
}

export function funnelText(a: LessonAnalytics, t: Translate): string {
  const f = a.funnel;
  return t({
    ko: `명단 ${f.students}명 → 수업 열어 봄 ${f.openedLesson} → 수업 끝까지 ${f.finishedLesson} → 퀴즈 완료 ${f.tookQuiz} → 챌린지 해결 ${f.solvedChallenge}`,
    en: `roster ${f.students} → opened the lesson ${f.openedLesson} → finished it ${f.finishedLesson} → took the quiz ${f.tookQuiz} → solved the challenge ${f.solvedChallenge}`,
  });
}

function quizText(a: LessonAnalytics, t: Translate): string {
  const q = a.quiz;
  const mean = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  return t({
    ko: `퀴즈를 푼 학생 ${q.takers}명 · 첫 시도 평균 ${mean(q.firstAttemptMean)}/${q.questions} · 최고 점수 평균 ${mean(q.bestMean)}/${q.questions} · 평균 ${mean(q.attemptsMean)}회 시도`,
    en: `${q.takers} students took the quiz · first attempt mean ${mean(q.firstAttemptMean)}/${q.questions} · best mean ${mean(q.bestMean)}/${q.questions} · ${mean(q.attemptsMean)} attempts on average`,
  });
}

/** The chart's sections: each question's first-attempt option shares (the right one green), then the funnel. */
export function statsChartSections(a: LessonAnalytics, t: Translate): BarSection[] {
  const questions = a.questions.map(
    (q): BarSection => ({
      title: `${t({ ko: `${q.index + 1}번`, en: `Q${q.index + 1}` })} ${q.question ? t(q.question.prompt) : q.questionId}`,
      rows: q.firstAttempt.options.map((o) => {
        const text = q.question?.options.find((x) => x.id === o.optionId)?.text;
        return {
          label: `${o.optionId}. ${text ? t(text) : ''}`,
          value: o.count,
          max: q.firstAttempt.answered,
          note: `${o.count} · ${percent(q.firstAttempt.answered ? o.share : null)}`,
          tone: o.correct ? 'good' : 'neutral',
        };
      }),
    }),
  );
  const f = a.funnel;
  const steps: [string, number][] = [
    [t({ ko: '명단', en: 'on the roster' }), f.students],
    [t({ ko: '수업 열어 봄', en: 'opened the lesson' }), f.openedLesson],
    [t({ ko: '수업 끝까지', en: 'finished the lesson' }), f.finishedLesson],
    [t({ ko: '퀴즈 완료', en: 'took the quiz' }), f.tookQuiz],
    [t({ ko: '챌린지 해결', en: 'solved the challenge' }), f.solvedChallenge],
  ];
  const funnel: BarSection = {
    title: t({ ko: '완료 단계', en: 'Completion funnel' }),
    rows: steps.map(([label, value]) => ({ label, value, max: f.students, note: `${value} · ${percent(f.students ? value / f.students : null)}` })),
  };
  return [...questions, funnel];
}

export async function statsReply(a: LessonAnalytics, t: Translate): Promise<Reply> {
  const title = t({ ko: `📊 ${a.lesson.id}강 반 분석`, en: `📊 Lesson ${a.lesson.id}: class analytics` });
  const png = await svgToPng(barChartSvg(title, statsChartSections(a, t)));
  const blocks: Block[] = [
    { kind: 'heading', text: t({ ko: '완료 단계', en: 'Completion' }) },
    { kind: 'text', text: funnelText(a, t) },
    { kind: 'heading', text: t({ ko: '퀴즈', en: 'Quiz' }) },
    { kind: 'text', text: [quizText(a, t), ...a.questions.map((q) => questionLine(q, t))].join('\n') },
    { kind: 'heading', text: t({ ko: '챌린지', en: 'Challenge' }) },
    { kind: 'text', text: a.steps.map((s) => stepLine(s, t)).join('\n') },
    {
      kind: 'image',
      file: { name: `lesson-${a.lesson.id}-analytics.png`, contentType: 'image/png', data: new Uint8Array(png) },
      alt: t({ ko: '문제별 첫 시도 보기 선택 비율과 완료 단계 그래프', en: 'First-attempt option shares per question and the completion funnel' }),
    },
  ];
  return { title, blocks, tone: 'info', private: true, target: 'reply' };
}
