// Holds everything a student reads to the glossary (src/content/glossary.ts): every text in the
// content files (lessons, quiz, challenge, wherever they live under src/content) and every string
// the bot says from commands/ and src/core, found by reading the TypeScript source itself.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { glossaryProblems, type Language } from '../../src/content/glossary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HANGUL = /[\uAC00-\uD7A3]/;

interface Found {
  where: string;
  lang: Language;
  text: string;
}

async function filesUnder(dir: string, ending: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ending)).map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every `{ ko, en }` text in a content file, with its path in the JSON. */
function contentTexts(value: unknown, where: string): Found[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => contentTexts(v, `${where}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const found: Found[] = [];
  for (const lang of ['ko', 'en'] as const) {
    if (typeof record[lang] === 'string') found.push({ where: `${where}.${lang}`, lang, text: record[lang] });
  }
  for (const [key, v] of Object.entries(record)) if (key !== 'ko' && key !== 'en') found.push(...contentTexts(v, `${where}.${key}`));
  return found;
}

/**
 * The strings in a source file a member may read: `ko:`/`en:` properties, userError's Korean and
 * English arguments, and any other literal with Hangul in it. A template's `${…}` reads as "…".
 */
function sourceTexts(file: string, source: string): Found[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const textOf = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `…${s.literal.text}`).join('');
    return undefined;
  };
  const languageOf = (node: ts.Node, text: string): Language | undefined => {
    const parent = node.parent;
    if (ts.isPropertyAssignment(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
      if (parent.name.text === 'ko' || parent.name.text === 'en') return parent.name.text;
    }
    if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'userError') {
      const at = parent.arguments.indexOf(node as ts.Expression);
      if (at === 1) return 'ko';
      if (at === 2) return 'en';
    }
    return HANGUL.test(text) ? 'ko' : undefined;
  };
  const visit = (node: ts.Node): void => {
    const text = textOf(node);
    if (text !== undefined) {
      const lang = languageOf(node, text);
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      if (lang) found.push({ where: `${file}:${line + 1}`, lang, text });
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

// The grader's lexicon of what students write (number words with their endings, 입니다 included):
// words the bot reads, never says.
const READS_STUDENTS_WORDS = new Set(['src/core/challenge/number-words.ts']);

const problemsIn = (texts: Found[]) => texts.flatMap((t) => glossaryProblems(t.text, t.lang).map((p) => `${t.where}: ${p}`));

describe('the glossary', () => {
  it('names wrong terms and the wrong register, and lets the right ones through', () => {
    expect(glossaryProblems('분류기 헤드를 새 레이어로 교체합니다.', 'ko')).toEqual([
      '"레이어": write "층" (layer)',
      '"분류기 헤드": write "분류 헤드" (classifier head)',
      '"합니다": 합니다체; write 해요체 (예: 아니에요, 열어요, 없어요)',
    ]);
    expect(glossaryProblems('추가 학습 없이도 새 과제의 클래스를 바로 알아본다', 'ko')).toHaveLength(1);
    expect(glossaryProblems('아쉽지만 정답이 아니야.', 'ko')).toHaveLength(1);
    expect(glossaryProblems('정말 그렇습니까?', 'ko')).toHaveLength(1);
    expect(glossaryProblems('훈련 예제가 수백 개뿐이어도 돼요.', 'ko').join()).toContain('"훈련": write "학습"');
    expect(glossaryProblems('이 단계는 입력 크기를 직접 적어 주길 바라요.', 'ko')).toHaveLength(1);
    expect(glossaryProblems('고정된 베이스에서 읽어 와요.', 'ko')).toHaveLength(2);
    expect(glossaryProblems('A pre-trained model; fine tuning; the classification head.', 'en')).toHaveLength(3);
    // Words that only look alike, and the register the bot speaks in.
    for (const fine of [
      '백본을 동결해요. 시드를 고정하면 결과가 같아요.',
      '데이터베이스에 저장했어요.',
      '뒤집은 비빔밥도 비빔밥이니까, 괜찮아요.',
      '은닉층과 출력층이 있어요.',
      '정답이에요. 잘했어요!',
      '📝 퀴즈 시작 (DM)',
      '사진 채널 수: …',
    ]) {
      expect(glossaryProblems(fine, 'ko'), fine).toEqual([]);
    }
  });

  it('holds over every content file: lessons, quiz and challenge, in both languages', async () => {
    const files = await filesUnder('src/content', '.json');
    expect(files).toContain('src/content/lessons/lesson-07.json');
    const texts: Found[] = [];
    for (const file of files) texts.push(...contentTexts(JSON.parse(await readFile(join(ROOT, file), 'utf8')), file));
    expect(texts.filter((t) => t.lang === 'ko').length).toBeGreaterThan(50);
    expect(problemsIn(texts)).toEqual([]);
  });

  it("holds over the bot's own words in commands/, src/app and src/core", async () => {
    const files = (await Promise.all(['commands', 'src/app', 'src/core'].map((dir) => filesUnder(dir, '.ts'))))
      .flat()
      .filter((file) => !READS_STUDENTS_WORDS.has(file));
    const texts: Found[] = [];
    for (const file of files) texts.push(...sourceTexts(file, await readFile(join(ROOT, file), 'utf8')));
    // The reader finds the bot's words where they are written, e.g. the lesson's buttons.
    expect(texts).toContainEqual({ where: expect.stringMatching(/^commands\/views\/lesson-view\.ts:\d+$/), lang: 'ko', text: '다음 ▶' });
    expect(texts).toContainEqual({
      where: expect.stringMatching(/^src\/core\/lessons\/lookup\.ts:\d+$/),
      lang: 'en',
      text: 'There is no lesson …. Lessons you can open: …',
    });
    expect(problemsIn(texts)).toEqual([]);
  });
});
