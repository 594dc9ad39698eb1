// What the classifier's HTTP service and its client agree on: paths, the requester in headers,
// errors as JSON with both languages, and the training stream (one JSON object a line).
import { UserError } from '../../core/errors.ts';
import type { Requester, TrainingProgress, TrainResult, WhereResult } from './types.ts';

export const API = {
  classify: '/v1/classify',
  explain: '/v1/explain',
  train: '/v1/train',
  models: '/v1/models',
  status: '/v1/status',
  labels: '/v1/labels',
  health: '/health',
  activate: (version: number) => `/v1/models/${version}/activate`,
  correct: (predictionId: number) => `/v1/predictions/${predictionId}/correction`,
  where: (predictionId: number) => `/v1/predictions/${predictionId}/where`,
} as const;

export interface WireError {
  error: { code: string; ko: string; en: string };
}

/** A training result with its PNGs as base64, for JSON. */
export type WireTrainResult = Omit<TrainResult, 'confusionPng' | 'comparisonPngs'> & {
  confusionPng: string;
  comparisonPngs?: { candidate: string; active?: string };
};

/** One line of the /v1/train stream. */
export type TrainLine = { progress: TrainingProgress } | { result: WireTrainResult } | WireError;

const toBase64 = (png: Uint8Array) => Buffer.from(png).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** The comparison's PNGs, each turned by `convert` (to base64 and back). */
function comparisonPngsAs<A, B>(pngs: { candidate: A; active?: A } | undefined, convert: (png: A) => B): { comparisonPngs?: { candidate: B; active?: B } } {
  if (!pngs) return {};
  return { comparisonPngs: { candidate: convert(pngs.candidate), ...(pngs.active ? { active: convert(pngs.active) } : {}) } };
}

/** A class activation map with its PNG as base64, for JSON. */
export type WireWhereResult = Omit<WhereResult, 'png'> & { png: string };

export function whereToWire({ png, ...rest }: WhereResult): WireWhereResult {
  return { ...rest, png: toBase64(png) };
}

export function whereFromWire({ png, ...rest }: WireWhereResult): WhereResult {
  return { ...rest, png: fromBase64(png) };
}

export function resultToWire({ confusionPng, comparisonPngs, ...rest }: TrainResult): WireTrainResult {
  return { ...rest, confusionPng: toBase64(confusionPng), ...comparisonPngsAs(comparisonPngs, toBase64) };
}

export function resultFromWire({ confusionPng, comparisonPngs, ...rest }: WireTrainResult): TrainResult {
  return { ...rest, confusionPng: fromBase64(confusionPng), ...comparisonPngsAs(comparisonPngs, fromBase64) };
}

const REQUESTER_HEADERS = { name: 'x-requester-name', memberId: 'x-requester-member', classroomId: 'x-requester-classroom' } as const;

export function requesterHeaders(who: Requester): Record<string, string> {
  return {
    // Display names may hold any script; headers carry ASCII, so the name travels URI-encoded.
    [REQUESTER_HEADERS.name]: encodeURIComponent(who.name),
    ...(who.memberId === undefined ? {} : { [REQUESTER_HEADERS.memberId]: String(who.memberId) }),
    ...(who.classroomId === undefined ? {} : { [REQUESTER_HEADERS.classroomId]: String(who.classroomId) }),
  };
}

export function readRequester(headers: Record<string, string | string[] | undefined>): Requester {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = (name: string) => {
    const value = Number(one(name));
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  };
  let name = 'http client';
  try {
    name = decodeURIComponent(one(REQUESTER_HEADERS.name) ?? '') || name;
  } catch {
    // a malformed name is not worth refusing a prediction over
  }
  const memberId = id(REQUESTER_HEADERS.memberId);
  const classroomId = id(REQUESTER_HEADERS.classroomId);
  return { name: name.slice(0, 100), ...(memberId ? { memberId } : {}), ...(classroomId ? { classroomId } : {}) };
}

/** HTTP status for a UserError: what the caller did wrong, as precisely as HTTP says it. */
export function statusFor(error: UserError): number {
  if (error.code === 'photo.too-large') return 413;
  if (error.code.startsWith('photo.')) return 422;
  if (error.code === 'correction-limit') return 429;
  if (error.code.endsWith('-not-found')) return 404;
  if (['training-busy', 'training-stopped', 'training-taken-over', 'training-cancelled', 'no-active-model'].includes(error.code)) return 409;
  return 400;
}

export function wireError(error: UserError): WireError {
  return { error: { code: error.code, ko: error.text.ko, en: error.text.en } };
}

export function fromWire(body: unknown): UserError | undefined {
  const error = (body as Partial<WireError> | undefined)?.error;
  if (!error || typeof error.code !== 'string' || typeof error.ko !== 'string' || typeof error.en !== 'string') return undefined;
  return new UserError(error.code, { ko: error.ko, en: error.en });
}
