// People paste answers from chat apps, notebooks and Korean keyboards. This undoes what those add
// (full-width characters, curly quotes, Markdown fences, a leading "Code:" label) so the graders
// see the answer itself. It never changes what the answer means.

const FENCED_BLOCK = /^```[^\n`]*\n([\s\S]*?)\n?```$/;
const FENCED_LINE = /^```([^`]*)```$/;
const INLINE_CODE = /^`+([^`]*)`+$/;
// Only words that can't start a Python statement, so `x: int = 5` is never mistaken for a label.
const LEADING_LABEL = /^(?:code|answer|solution|size|코드|답|정답|크기)\s*:\s*/i;

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
  return text.replace(LEADING_LABEL, '').trim();
}
