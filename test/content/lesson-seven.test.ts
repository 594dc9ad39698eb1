// Lesson 7 as a course page: what it teaches, how long it is, that its figures are the shipped
// head's own, and that every page fits what Discord and Slack can show.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LESSON_DIR, LessonContentError, loadLessons, type Lesson } from '../../src/core/lessons/content.ts';
import { readHeadFigures, SHIPPED_MODELS_DIR } from '../../src/core/lessons/head-figures.ts';
import type { Language } from '../../src/core/reply.ts';
import { sectionReply } from '../../commands/views/lesson-view.ts';
import { renderReply as renderDiscord } from '../../src/platforms/discord/render.ts';
import { renderReply as renderConsole } from '../../src/platforms/console/render.ts';
import { renderReply as renderSlack } from '../../src/platforms/slack/render/blocks.ts';

const HANGUL = /[\uAC00-\uD7A3]/;
const LANGS: Language[] = ['ko', 'en'];
let lesson: Lesson;
let raw: string;
const tempDirs: string[] = [];

beforeAll(async () => {
  lesson = (await loadLessons()).get(7)!;
  raw = await readFile(join(DEFAULT_LESSON_DIR, 'lesson-07.json'), 'utf8');
});
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const section = (id: string) => lesson.sections.find((s) => s.id === id)!;
const page = (id: string, lang: Language) => {
  const s = section(id);
  return [s.title[lang], s.body[lang], s.code?.text[lang] ?? '', ...(s.table?.rows.flat().map((c) => c[lang]) ?? [])].join('\n');
};
const whole = (lang: Language) => lesson.sections.map((s) => page(s.id, lang)).join('\n');

describe('lesson 7 teaches transfer learning as a course page does', () => {
  it('has at least 1,200 words of prose in each language (code not counted)', () => {
    for (const lang of LANGS) {
      const prose = lesson.sections
        .flatMap((s) => [s.title[lang], s.body[lang], ...(s.table ? [...s.table.columns, ...s.table.rows.flat()].map((c) => c[lang]) : [])])
        .join(' ');
      expect(prose.split(/\s+/).filter(Boolean).length, lang).toBeGreaterThanOrEqual(1_200);
    }
  });

  it('shows each step of the recipe in code, in both languages', () => {
    const steps: [string, string[]][] = [
      ['freezing', ['requires_grad_(False)', 'module.eval()', 'nn.BatchNorm2d', 'running_mean']],
      ['new-head', ['model.fc = nn.Linear(model.fc.in_features, num_classes)', "['fc.weight', 'fc.bias']"]],
      ['optimizer', ['torch.optim.Adam(model.fc.parameters()', 'nn.CrossEntropyLoss()']],
      ['inputs', ['[0.485, 0.456, 0.406]', '[0.229, 0.224, 0.225]', 'RandomHorizontalFlip', 'CenterCrop']],
      ['training-loop', ['optimizer.zero_grad()', 'loss.backward()', 'optimizer.step()', 'torch.no_grad()']],
      ['predictions', ['softmax(dim=1)', 'topk(3)']],
      ['two-ways', ['model.layer4.requires_grad_(True)', '"lr": 1e-4']],
    ];
    for (const [id, snippets] of steps) {
      for (const lang of LANGS) for (const snippet of snippets) expect(section(id).code?.text[lang], `${id}.${lang}`).toContain(snippet);
    }
    // The welcome page's overview replaces the head the way the issue asks.
    expect(section('welcome').code?.text.en).toContain('model.fc = nn.Linear(model.fc.in_features, 7)');
  });

  it('explains what the code does: BatchNorm in train(), a new layer trainable by default, logits for the loss', () => {
    expect(page('freezing', 'en')).toMatch(/BatchNorm[\s\S]*running statistics[\s\S]*`train\(\)` mode[\s\S]*`eval\(\)`/);
    expect(page('freezing', 'ko')).toMatch(/배치 정규화[\s\S]*이동 통계[\s\S]*`train\(\)` 모드[\s\S]*`eval\(\)` 모드/);
    expect(page('new-head', 'en')).toContain('trainable by default');
    expect(page('new-head', 'ko')).toContain('기본적으로 학습 가능한 상태');
    expect(page('optimizer', 'en')).toMatch(/logits[\s\S]*must not end in a softmax/);
    expect(page('optimizer', 'ko')).toMatch(/로짓[\s\S]*소프트맥스 층을 두면 안 돼요/);
  });

  it('compares feature extraction and fine-tuning in a table', () => {
    const table = section('two-ways').table!;
    expect(table.columns.map((c) => c.en)).toEqual(['What to compare', 'Feature extraction', 'Fine-tuning']);
    expect(table.columns.map((c) => c.ko)).toEqual(['비교할 점', '특징 추출', '미세 조정']);
    expect(table.rows.length).toBeGreaterThanOrEqual(4);
  });

  it('comments its code in Korean in the Korean lesson and in English in the English one', () => {
    for (const s of lesson.sections.filter((x) => x.code)) {
      // A commented-out line of code (`# net.classifier[1] = …`) is code, not a comment to translate.
      const isCode = (c: string) => /^[\w.[\]]+\s*(=|\()/.test(c);
      const comments = (lang: Language) => [...s.code!.text[lang].matchAll(/(?:#|\/\/) (.+)$/gm)].map((m) => m[1]!).filter((c) => !isCode(c));
      expect(comments('ko').length, s.id).toBeGreaterThan(0);
      for (const c of comments('ko')) expect(c, `${s.id}: ${c}`).toMatch(HANGUL);
      for (const c of comments('en')) expect(c, `${s.id}: ${c}`).not.toMatch(HANGUL);
    }
  });
});

describe("the worked example quotes the shipped head's own figures", () => {
  it('reads the backbone, feature size, head size and accuracy from models/heads at load time', async () => {
    const read = async (name: string) => JSON.parse(await readFile(join(SHIPPED_MODELS_DIR, 'heads', name), 'utf8'));
    const head = await read('default.json');
    const metrics = await read('default.metrics.json');
    const evaluation = await read('default.evaluation.json');
    const classes = head.labels.length as number;
    const parameters = head.featureSize * classes + classes;
    const percent = (r: number) => `${(r * 100).toFixed(1)}%`;
    for (const lang of LANGS) {
      const text = page('our-classifier', lang);
      expect(text).toContain(`\`${head.backbone}\``);
      expect(text).toContain(parameters.toLocaleString('en-US'));
      expect(text).toContain(percent(metrics.validation.accuracy));
      expect(text).toContain(percent(evaluation.metrics.accuracy));
      expect(text).toContain(evaluation.metrics.examples.toLocaleString('en-US'));
      expect(section('our-classifier').code?.text[lang]).toContain(`inputShape: [${head.featureSize}], units: ${classes}`);
      expect(whole(lang)).not.toMatch(/\{\{|\}\}/);
    }
    // None of it is typed into the file: it would go stale when another head ships.
    for (const typed of [head.backbone, percent(evaluation.metrics.accuracy), parameters.toLocaleString('en-US'), String(parameters)]) {
      expect(raw).not.toContain(typed);
    }
  });

  it('follows whatever head ships, a single backbone, one fed another input size, or an a+b pair', async () => {
    const models = await mkdtemp(join(tmpdir(), 'models-'));
    tempDirs.push(models);
    await cp(join(SHIPPED_MODELS_DIR, 'heads'), join(models, 'heads'), { recursive: true });
    const labels = ['kimchi', 'bulgogi', 'japchae'];
    const head = { backbone: 'efficientnet_b0@320+darknet_tiny', labels, featureSize: 1792, kernel: new Array(1792 * 3).fill(0), bias: [0, 0, 0] };
    await writeFile(join(models, 'heads', 'default.json'), JSON.stringify(head));
    const evaluation = JSON.parse(await readFile(join(models, 'heads', 'default.evaluation.json'), 'utf8'));
    evaluation.metrics = {
      ...evaluation.metrics,
      accuracy: 0.9123,
      examples: 300,
      labels,
      confusion: [
        [90, 8, 2],
        [1, 97, 2],
        [3, 3, 94],
      ],
    };
    await writeFile(join(models, 'heads', 'default.evaluation.json'), JSON.stringify(evaluation));
    for (const [name, size] of [
      ['efficientnet_b0', 1280],
      ['darknet_tiny', 512],
    ] as const) {
      await cp(join(SHIPPED_MODELS_DIR, 'darknet_tiny', 'manifest.json'), join(models, name, 'manifest.json'));
      const manifest = JSON.parse(await readFile(join(models, name, 'manifest.json'), 'utf8'));
      await writeFile(join(models, name, 'manifest.json'), JSON.stringify({ ...manifest, name, featureSize: size }));
    }
    const other = (await loadLessons(DEFAULT_LESSON_DIR, () => readHeadFigures(models))).get(7)!;
    const example = other.sections.find((s) => s.id === 'our-classifier')!;
    expect(example.body.en).toContain('`efficientnet_b0@320+darknet_tiny`, that is efficientnet_b0 320×320 (1,280) + darknet_tiny (512)');
    expect(example.body.en).toContain('one dense layer, 1,792 → 3');
    expect(example.body.en).toContain('5,379 parameters');
    expect(example.body.en).toContain('91.2% on a test set of 300 photos');
    expect(example.body.en).toContain('8 of the 100 `kimchi` test photos were taken for `bulgogi`');
    expect(example.body.ko).toContain('입력은 1,792개, 출력은 3개예요');
    expect(example.code?.text.ko).toContain('inputShape: [1792], units: 3');
  });

  it('refuses a figure it does not know, naming the field, and a head file it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lessons-'));
    tempDirs.push(dir);
    const json = JSON.parse(raw);
    json.sections[0].body.en += ' {{head.colour}}';
    await writeFile(join(dir, 'lesson-07.json'), JSON.stringify(json));
    const error = await loadLessons(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LessonContentError);
    expect((error as Error).message).toMatch(
      /^lesson-07\.json: sections\[0\]\.body\.en quotes \{\{head\.colour\}\}, which is not a known figure \(head\.backbone, /,
    );
    await expect(readHeadFigures(dir)).rejects.toThrow(/the lesson quotes the shipped head, but .*default\.json can't be read \(ENOENT\)/);
  });
});

describe('every page fits Discord and Slack without being cut', () => {
  it('shows the table as one row per field, each column named, in the console too', async () => {
    const index = lesson.sections.findIndex((s) => s.table);
    const view = { lesson, index, total: lesson.sections.length, section: lesson.sections[index]!, sectionsSeen: [], pointsEarned: 0, completed: false };
    const shown = await renderConsole(
      sectionReply(view, (text) => text.en, 'shared'),
      [],
      async () => '',
    );
    expect(shown).toContain('What is trained:\n  Feature extraction: Only the new head\n  Fine-tuning: The head and the last blocks of the backbone\n');
    const [embed] = renderDiscord(sectionReply(view, (text) => text.ko, 'shared')).embeds;
    expect(embed?.fields?.[0]).toEqual({
      name: '무엇을 학습하나요',
      value: '**특징 추출**: 새 헤드만 학습해요\n**미세 조정**: 헤드와 백본의 마지막 블록을 함께 학습해요',
    });
  });

  it('on the shared message and on a private page, in both languages', () => {
    for (const [index, s] of lesson.sections.entries()) {
      for (const lang of LANGS) {
        for (const message of ['shared', 'private'] as const) {
          const view = { lesson, index, total: lesson.sections.length, section: s, sectionsSeen: [index], pointsEarned: 1, completed: false };
          const reply = sectionReply(view, (text) => text[lang], message);
          const where = `${s.id}.${lang} (${message})`;
          const [embed] = renderDiscord(reply).embeds;
          const description = embed?.description ?? '';
          expect([...description].length, where).toBeLessThan(4_096);
          const fields = (embed?.fields ?? []).reduce((n, f) => n + [...f.name].length + [...f.value].length, 0);
          expect([...(embed?.title ?? '')].length + [...description].length + fields, where).toBeLessThanOrEqual(6_000);
          expect(embed?.fields?.length ?? 0, where).toBe(s.table?.rows.length ?? 0);
          // Nothing clipped: the end of the body and of the code are both there.
          expect(description, where).toContain(s.body[lang].slice(-40));
          if (s.code) expect(description, where).toContain(s.code.text[lang].slice(-40));
          const slack = renderSlack(reply);
          expect(slack.blocks.length, where).toBeLessThanOrEqual(50);
          expect(JSON.stringify(slack.blocks), where).not.toContain('…');
        }
      }
    }
  });
});
