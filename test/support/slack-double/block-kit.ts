// Checks blocks and views against Slack's documented Block Kit limits, the way Slack's API refuses
// them with `invalid_blocks`. Only the element types the bot may send are known; anything else is
// reported, so a renderer change that invents a type fails loudly here instead of in a classroom.

type Json = Record<string, unknown>;

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  actionId: 255,
  blockId: 255,
  buttonText: 75,
  buttonValue: 2000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  placeholder: 150,
  altText: 2000,
  imageUrl: 3000,
  inputLabel: 2000,
  inputMaxLength: 3000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

export function validateBlocks(blocks: unknown, surface: 'message' | 'view' = 'message'): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) problems.push(`${blocks.length} blocks, more than ${max}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `blocks[${index}]`;
    if (!isObject(block)) return problems.push(`${where} is not an object`);
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > LIMITS.blockId) problems.push(`${where}.block_id longer than ${LIMITS.blockId}`);
      if (blockIds.has(block.block_id)) problems.push(`${where}.block_id "${block.block_id}" repeated`);
      blockIds.add(block.block_id);
    }
    validateBlock(block, where, surface, problems);
  });
  return problems;
}

function validateBlock(block: Json, where: string, surface: 'message' | 'view', problems: string[]): void {
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) problems.push(`${where} needs text or fields`);
      if (block.text !== undefined) textObject(block.text, `${where}.text`, LIMITS.sectionText, problems);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) problems.push(`${where}.fields is not an array`);
        else {
          if (block.fields.length > LIMITS.sectionFields) problems.push(`${where}.fields more than ${LIMITS.sectionFields}`);
          block.fields.forEach((f, i) => textObject(f, `${where}.fields[${i}]`, LIMITS.fieldText, problems));
        }
      }
      if (block.accessory !== undefined) element(block.accessory, `${where}.accessory`, new Set(), problems);
      return;
    case 'header':
      textObject(block.text, `${where}.text`, LIMITS.headerText, problems, 'plain_text');
      return;
    case 'divider':
      return;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) problems.push(`${where}.elements empty`);
      else {
        if (block.elements.length > LIMITS.contextElements) problems.push(`${where}.elements more than ${LIMITS.contextElements}`);
        block.elements.forEach((e, i) => {
          if (isObject(e) && e.type === 'image') image(e, `${where}.elements[${i}]`, problems);
          else textObject(e, `${where}.elements[${i}]`, LIMITS.sectionText, problems);
        });
      }
      return;
    case 'actions': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return void problems.push(`${where}.elements empty`);
      if (block.elements.length > LIMITS.actionsElements) problems.push(`${where}.elements more than ${LIMITS.actionsElements}`);
      const ids = new Set<string>();
      block.elements.forEach((e, i) => element(e, `${where}.elements[${i}]`, ids, problems));
      return;
    }
    case 'image':
      image(block, where, problems);
      return;
    case 'input':
      if (surface !== 'view') problems.push(`${where}: input blocks only belong in views`);
      textObject(block.label, `${where}.label`, LIMITS.inputLabel, problems, 'plain_text');
      element(block.element, `${where}.element`, new Set(), problems);
      return;
    default:
      problems.push(`${where}.type "${String(block.type)}" is not a block type the bot should send`);
  }
}

function element(e: unknown, where: string, ids: Set<string>, problems: string[]): void {
  if (!isObject(e)) return void problems.push(`${where} is not an object`);
  if (typeof e.action_id === 'string') {
    if (e.action_id.length > LIMITS.actionId) problems.push(`${where}.action_id longer than ${LIMITS.actionId}`);
    if (ids.has(e.action_id)) problems.push(`${where}.action_id "${e.action_id}" repeated in the block`);
    ids.add(e.action_id);
  }
  switch (e.type) {
    case 'button':
      textObject(e.text, `${where}.text`, LIMITS.buttonText, problems, 'plain_text');
      if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) problems.push(`${where}.value longer than ${LIMITS.buttonValue}`);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') problems.push(`${where}.style "${String(e.style)}" unknown`);
      return;
    case 'static_select':
      textObject(e.placeholder, `${where}.placeholder`, LIMITS.placeholder, problems, 'plain_text');
      if (!Array.isArray(e.options) || e.options.length === 0) return void problems.push(`${where}.options empty`);
      if (e.options.length > LIMITS.selectOptions) problems.push(`${where}.options more than ${LIMITS.selectOptions}`);
      e.options.forEach((o, i) => {
        const at = `${where}.options[${i}]`;
        if (!isObject(o)) return problems.push(`${at} is not an object`);
        textObject(o.text, `${at}.text`, LIMITS.optionText, problems, 'plain_text');
        if (typeof o.value !== 'string' || o.value.length > LIMITS.optionValue) problems.push(`${at}.value missing or longer than ${LIMITS.optionValue}`);
        if (o.description !== undefined) textObject(o.description, `${at}.description`, LIMITS.optionDescription, problems, 'plain_text');
      });
      return;
    case 'plain_text_input':
      if (e.placeholder !== undefined) textObject(e.placeholder, `${where}.placeholder`, LIMITS.placeholder, problems, 'plain_text');
      if (typeof e.max_length === 'number' && e.max_length > LIMITS.inputMaxLength) problems.push(`${where}.max_length over ${LIMITS.inputMaxLength}`);
      return;
    case 'image':
      image(e, where, problems);
      return;
    default:
      problems.push(`${where}.type "${String(e.type)}" is not an element the bot should send`);
  }
}

function image(e: Json, where: string, problems: string[]): void {
  if (typeof e.alt_text !== 'string' || e.alt_text.length === 0 || e.alt_text.length > LIMITS.altText) {
    problems.push(`${where}.alt_text missing or longer than ${LIMITS.altText}`);
  }
  const hasUrl = typeof e.image_url === 'string' && e.image_url.length <= LIMITS.imageUrl;
  const hasFile = isObject(e.slack_file) && (typeof e.slack_file.id === 'string' || typeof e.slack_file.url === 'string');
  if (!hasUrl && !hasFile) problems.push(`${where} needs image_url or slack_file`);
}

function textObject(t: unknown, where: string, max: number, problems: string[], only?: 'plain_text'): void {
  if (!isObject(t)) return void problems.push(`${where} is not a text object`);
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') problems.push(`${where}.type "${String(t.type)}" is not a text type`);
  if (only && t.type !== only) problems.push(`${where} must be ${only}`);
  if (typeof t.text !== 'string' || t.text.length === 0) problems.push(`${where}.text is empty`);
  else if (t.text.length > max) problems.push(`${where}.text is ${t.text.length} characters, more than ${max}`);
}

export function validateView(view: unknown): string[] {
  if (!isObject(view)) return ['view is not an object'];
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push(`view.type "${String(view.type)}" is not modal`);
  textObject(view.title, 'view.title', LIMITS.viewTitle, problems, 'plain_text');
  for (const key of ['submit', 'close'] as const) {
    if (view[key] !== undefined) textObject(view[key], `view.${key}`, LIMITS.viewButton, problems, 'plain_text');
  }
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) problems.push('view with an input block needs submit');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata) {
    problems.push(`view.private_metadata longer than ${LIMITS.privateMetadata}`);
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > LIMITS.callbackId) {
    problems.push(`view.callback_id longer than ${LIMITS.callbackId}`);
  }
  problems.push(...validateBlocks(view.blocks, 'view'));
  return problems;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
