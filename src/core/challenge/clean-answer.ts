// People paste answers from chat apps, notebooks, the Python prompt and Korean keyboards. This undoes
// what those add (full-width characters, curly quotes, Markdown fences, `>>> ` prompts, a leading
// "Code:" or "정답은" label) so the graders see the answer itself. It never changes what it means.

const FENCED_BLOCK = /^```[^\n`]*\n([\s\S]*?)\n?```$/;
const FENCED_LINE = /^```([^`]*)```$/;
const INLINE_CODE = /^`+([^`]*)`+$/;
// Only words that can't start a Python statement, so `x: int = 5` is never mistaken for a label;
// "답은 …"/"정답은 …" ("the answer is …") too, unless it is assigned to (`답은 = …`).
const LEADING_LABEL = /^(?:(?:code|answer|solution|size|코드|답|정답|크기)\s*:|(?:정답|답)은(?:\s*:|\s+(?!=)))\s*/i;
// The prompts of the Python console (`>>> `, `... `) and of IPython (`In [3]: `).
const PROMPT = /^[ \t]*(?:>>>|\.\.\.|In \[\d*\]:)(?: |$)/;
const FIRST_PROMPT = /^[ \t]*(?:>>>|In \[\d*\]:)(?: |$)/;

export function cleanAnswer(raw: string): string {
  // NFKC turns full-width digits and brackets (５１２, （）) into their ASCII forms.
  let text = raw
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .trim();
  const fenced = FENCED_BLOCK.exec(text) ?? FENCED_LINE.exec(text) ?? INLINE_CODE.exec(text);
  if (fenced) text = (fenced[1] ?? '').trim();
  return withoutPrompts(text).replace(LEADING_LABEL, '').trim();
}

/**
 * Removes the prompts from a pasted console session. When there is a `>>> ` (or `In [3]:`) line, the
 * lines without a prompt are what the console printed back (`Linear(in_features=…)`), not the answer:
 * they go too.
 */
function withoutPrompts(text: string): string {
  const lines = text.split('\n');
  const session = lines.some((line) => FIRST_PROMPT.test(line));
  return lines
    .filter((line) => !session || PROMPT.test(line))
    .map((line) => line.replace(PROMPT, ''))
    .join('\n')
    .trim();
}
