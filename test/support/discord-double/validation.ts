// Checks what the bot sends the way Discord would: first against Discord's own OpenAPI
// description (../shared/specs/discord-openapi.json), then against the documented limits the
// description does not spell out (embed totals, rows, labels). A body real Discord would refuse
// comes back as a list of problems; the double answers it with 400 in Discord's error shape.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

const SPEC_PATH = fileURLToPath(new URL('../../../../shared/specs/discord-openapi.json', import.meta.url));

interface OpenApiSpec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
}

export class DiscordValidator {
  private readonly ajv: Ajv2020;
  private readonly spec: OpenApiSpec;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(specPath = SPEC_PATH) {
    this.spec = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApiSpec;
    // OpenAPI adds keywords (x-discord-*, discriminator) and formats (snowflake, int64) that plain
    // JSON Schema does not know: ignore them rather than fail, and check types, sizes and enums.
    this.ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    this.ajv.addSchema(this.spec as object, 'discord');
  }

  /** Compiles the schemas up front: the first compile of a big union takes about a second. */
  precompile(routes: { method: string; template: string }[]): void {
    for (const { method, template } of routes) this.schemaFor(method.toLowerCase(), template);
  }

  /** Problems with a request body for `route` (an OpenAPI path template), empty when Discord would accept it. */
  check(method: string, route: string, body: unknown): string[] {
    const validate = this.schemaFor(method.toLowerCase(), route);
    const problems: string[] = [];
    if (validate && !validate(withPermissionsAsIntegers(body))) {
      // oneOf/anyOf report every branch; the leaf errors (with a real limit) say what is wrong.
      for (const error of validate.errors ?? []) {
        if (['oneOf', 'anyOf', 'type', 'enum', 'const', 'required'].includes(error.keyword) && (validate.errors?.length ?? 0) > 3) continue;
        problems.push(`${error.instancePath || '/'} ${error.message}`);
      }
      if (problems.length === 0) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
    }
    problems.push(...checkLimits(route, body));
    return problems;
  }

  private schemaFor(method: string, route: string): ValidateFunction | null {
    const key = `${method} ${route}`;
    if (!this.compiled.has(key)) {
      const operation = this.spec.paths[route]?.[method];
      const hasJson = operation?.requestBody?.content?.['application/json'] !== undefined;
      const ref = `discord#/paths/${escapePointer(route)}/${method}/requestBody/content/application~1json/schema`;
      this.compiled.set(key, hasJson ? (this.ajv.getSchema(ref) ?? null) : null);
    }
    return this.compiled.get(key) ?? null;
  }
}

/**
 * Discord's reference serializes permission bit sets as strings ("32"), and that is what
 * discord.js sends and Discord accepts; its OpenAPI file types them as integers. Read them as
 * the integers they encode before checking, and nothing else.
 */
const PERMISSION_KEYS = new Set(['default_member_permissions', 'permissions', 'allow', 'deny']);

function withPermissionsAsIntegers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withPermissionsAsIntegers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      PERMISSION_KEYS.has(key) && typeof inner === 'string' && /^\d+$/.test(inner) ? Number(inner) : withPermissionsAsIntegers(inner),
    ]),
  );
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const len = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);

/** Discord's documented limits that the OpenAPI description leaves to prose. */
export function checkLimits(route: string, body: unknown): string[] {
  if (!isObject(body)) return [];
  const problems: string[] = [];
  const message = route.endsWith('/callback') ? (isObject(body.data) ? body.data : {}) : body;
  if (route.endsWith('/callback') && body.type === 9) {
    checkModal(message, problems);
    return problems;
  }
  if (route.includes('/commands')) return problems;
  checkEmbeds(list(message.embeds), problems);
  checkComponents(list(message.components), problems);
  return problems;
}

function checkEmbeds(embeds: unknown[], problems: string[]): void {
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    const fields = list(embed.fields);
    if (len(embed.title) > 256) problems.push(`embeds[${i}].title longer than 256`);
    if (len(embed.description) > 4096) problems.push(`embeds[${i}].description longer than 4096`);
    if (fields.length > 25) problems.push(`embeds[${i}] has more than 25 fields`);
    total += len(embed.title) + len(embed.description);
    total += len(isObject(embed.footer) ? embed.footer.text : undefined);
    total += len(isObject(embed.author) ? embed.author.name : undefined);
    fields.forEach((field, j) => {
      if (!isObject(field)) return;
      if (len(field.name) === 0 || len(field.name) > 256) problems.push(`embeds[${i}].fields[${j}].name must be 1-256`);
      if (len(field.value) === 0 || len(field.value) > 1024) problems.push(`embeds[${i}].fields[${j}].value must be 1-1024`);
      total += len(field.name) + len(field.value);
    });
    if (!embed.title && !embed.description && fields.length === 0 && !embed.image) problems.push(`embeds[${i}] is empty`);
  });
  if (total > 6000) problems.push(`embeds total ${total} characters, more than 6000`);
}

function checkComponents(rows: unknown[], problems: string[]): void {
  if (rows.length > 5) problems.push(`${rows.length} action rows, more than 5`);
  rows.forEach((row, i) => {
    if (!isObject(row) || row.type !== 1) return;
    const children = list(row.components);
    const selects = children.filter((c) => isObject(c) && c.type !== 2);
    if (children.length > 5) problems.push(`components[${i}] has more than 5 buttons`);
    if (selects.length > 0 && children.length > 1) problems.push(`components[${i}]: a select menu must be alone in its row`);
    const seen = new Set<string>();
    children.forEach((child, j) => {
      if (!isObject(child)) return;
      const where = `components[${i}].components[${j}]`;
      const id = child.custom_id;
      if (typeof id === 'string') {
        if (len(id) > 100) problems.push(`${where}.custom_id longer than 100`);
        if (seen.has(id)) problems.push(`${where}.custom_id "${id}" is used twice`);
        seen.add(id);
      } else if (child.style !== 5) {
        problems.push(`${where} needs a custom_id`);
      }
      if (child.type === 2) {
        if (len(child.label) > 80) problems.push(`${where}.label longer than 80`);
        if (!child.label && !child.emoji) problems.push(`${where} needs a label or an emoji`);
      }
      if (child.type === 3) {
        const options = list(child.options);
        if (options.length === 0 || options.length > 25) problems.push(`${where} must have 1-25 options`);
        options.forEach((option, k) => {
          if (!isObject(option)) return;
          if (len(option.label) === 0 || len(option.label) > 100) problems.push(`${where}.options[${k}].label must be 1-100`);
          if (len(option.value) === 0 || len(option.value) > 100) problems.push(`${where}.options[${k}].value must be 1-100`);
        });
      }
    });
  });
}

function checkModal(data: Json, problems: string[]): void {
  if (len(data.title) === 0 || len(data.title) > 45) problems.push('modal title must be 1-45');
  if (len(data.custom_id) > 100) problems.push('modal custom_id longer than 100');
  for (const top of list(data.components)) {
    if (!isObject(top)) continue;
    const inputs = top.type === 18 ? [top.component] : list(top.components);
    if (top.type === 18 && (len(top.label) === 0 || len(top.label) > 45)) problems.push('modal label must be 1-45');
    for (const input of inputs) {
      if (isObject(input) && input.type === 4 && top.type !== 18 && (len(input.label) === 0 || len(input.label) > 45)) {
        problems.push('text input label must be 1-45');
      }
    }
  }
}
