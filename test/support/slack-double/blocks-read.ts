// Reads what a member would see and click in recorded Block Kit.

export interface SeenButton {
  actionId: string;
  text: string;
  value?: string;
  blockId?: string;
}

export interface SeenSelect {
  actionId: string;
  options: { value: string; text: string }[];
}

type Json = Record<string, unknown>;

function elements(blocks: unknown): Json[] {
  if (!Array.isArray(blocks)) return [];
  return (blocks as Json[]).flatMap((block) =>
    block.type === 'actions' && Array.isArray(block.elements) ? (block.elements as Json[]).map((e) => ({ ...e, block_id: block.block_id })) : [],
  );
}

export function buttonsIn(blocks: unknown): SeenButton[] {
  return elements(blocks)
    .filter((e) => e.type === 'button')
    .map((e) => ({
      actionId: String(e.action_id),
      text: String((e.text as Json).text),
      ...(typeof e.value === 'string' ? { value: e.value } : {}),
      ...(typeof e.block_id === 'string' ? { blockId: e.block_id } : {}),
    }));
}

export function selectsIn(blocks: unknown): SeenSelect[] {
  return elements(blocks)
    .filter((e) => e.type === 'static_select')
    .map((e) => ({
      actionId: String(e.action_id),
      options: (e.options as Json[]).map((o) => ({ value: String(o.value), text: String((o.text as Json).text) })),
    }));
}

/** All the text a member would read in the blocks (entities decoded), one string, for assertions. */
export function textOf(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const obj = value as Json;
      if (typeof obj.text === 'string') out.push(obj.text);
      for (const [key, child] of Object.entries(obj)) if (key !== 'text' || typeof child !== 'string') visit(child);
    }
  };
  visit(blocks);
  return out.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
