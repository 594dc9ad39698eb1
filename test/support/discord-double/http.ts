// Request and response plumbing for the double's REST side: bodies (JSON or multipart with
// payload_json + files[n]) and Discord's response conventions (204 without a JSON type).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './model.ts';

export interface UploadedFile {
  field: string;
  index: number;
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
  contentType: string;
}

export async function readBody(request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { json: undefined, files: [], contentType };
  if (contentType.startsWith('multipart/form-data')) {
    // undici's Request parses multipart exactly as a server would; no hand-written parser.
    const form = await new Request('http://double/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    const files: UploadedFile[] = [];
    let json: unknown;
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json') {
        json = JSON.parse(String(value));
      } else if (typeof value !== 'string') {
        const match = /^files\[(\d+)\]$/.exec(field);
        if (!match) throw new Error(`unexpected multipart field ${field}`);
        files.push({
          field,
          index: Number(match[1]),
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          data: new Uint8Array(await value.arrayBuffer()),
        });
      }
    }
    return { json, files, contentType };
  }
  return { json: JSON.parse(raw.toString('utf8')), files: [], contentType };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Discord answers 204 with no body and no JSON content type (discord.js would try to parse it). */
export function sendNoContent(response: ServerResponse): void {
  response.writeHead(204);
  response.end();
}

export function discordError(code: number, message: string, errors?: Json): Json {
  return { code, message, ...(errors ? { errors } : {}) };
}
