// Renders replies as plain text for a terminal or a script log, and collects the buttons and
// select options shown, numbered, so the person can "click" by typing a number.
import { renderMarked, withoutMarks } from '../../core/display-text.ts';
import type { Block, Reply, TextPrompt } from '../../core/reply.ts';
import { bar } from '../../core/reply.ts';

export interface Control {
  number: number;
  label: string;
  actionId: string;
  values?: string[];
  prompt?: TextPrompt;
}

export interface SavedFile {
  name: string;
  path: string;
}

export type SaveFile = (name: string, data: Uint8Array) => Promise<string>;

// Symbols rather than words, so the console's own marks read the same in Korean and English.
const TARGET_TAG: Record<string, string> = { dm: '✉ DM', thread: '↳', update: '↻' };

export async function renderReply(reply: Reply, controls: Control[], save: SaveFile): Promise<string> {
  const tags = [reply.target && TARGET_TAG[reply.target], reply.private ? '🔒' : undefined].filter(Boolean);
  const lines: string[] = [];
  // Titles bring their own emoji; only an untitled error needs a mark to stand out.
  const head = withoutMarks(reply.title ?? (reply.tone === 'error' ? '✖' : ''));
  const tagText = tags.length ? `(${tags.join(' ')})` : '';
  if (head || tagText) lines.push(['──', head, tagText].filter(Boolean).join(' '));
  for (const block of reply.blocks) lines.push(...(await renderBlock(block, controls, save)));
  return lines.join('\n');
}

async function renderBlock(block: Block, controls: Control[], save: SaveFile): Promise<string[]> {
  switch (block.kind) {
    case 'text':
      return [plain(block.text)];
    case 'heading':
      return [`# ${withoutMarks(block.text)}`];
    case 'fields':
      // A value of several lines (a lesson's table row) goes under its name, indented, to read as one row.
      return block.fields.map((field) => {
        const value = plain(field.value);
        return value.includes('\n') ? `${withoutMarks(field.name)}:\n${value.replace(/^/gm, '  ')}` : `${withoutMarks(field.name)}: ${value}`;
      });
    case 'progress':
      return [`${withoutMarks(block.label)} ${bar(block.value, block.max)} ${block.value}/${block.max}`];
    case 'code':
      return [`\`\`\`${block.language ?? ''}`, withoutMarks(block.text), '```'];
    case 'buttons': {
      const labels = block.buttons.map((button) => {
        const shown = withoutMarks(button.label);
        if (button.disabled) return `(${shown})`;
        const control = addControl(controls, { label: shown, actionId: button.actionId, ...(button.prompt ? { prompt: button.prompt } : {}) });
        return `[${control.number}] ${shown}`;
      });
      // Short buttons share a line like a button row; long ones (quiz options) get a line each.
      const row = labels.join('  ');
      return row.length <= 80 ? [row] : labels.map((label) => `  ${label}`);
    }
    case 'select':
      return [
        `${withoutMarks(block.menu.placeholder)}:`,
        ...block.menu.options.map((option) => {
          const control = addControl(controls, { label: withoutMarks(option.label), actionId: block.menu.actionId, values: [option.value] });
          return `  [${control.number}] ${control.label}`;
        }),
      ];
    case 'image':
    case 'file': {
      const path = await save(block.file.name, block.file.data);
      return [`📎 ${block.file.name} → ${path}`];
    }
  }
}

/**
 * Replies use the small Markdown every chat renders; a terminal shows the words without the marks.
 * Member text is shown exactly as cleaned (no control characters reach the terminal).
 */
function plain(text: string): string {
  return renderMarked(
    text,
    (bot) => bot.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`\n]+)`/g, '$1'),
    (member) => member,
  );
}

function addControl(controls: Control[], control: Omit<Control, 'number'>): Control {
  const numbered = { ...control, number: controls.length + 1 };
  controls.push(numbered);
  return numbered;
}
