// The ClassifierService over HTTP, for bots whose CLASSIFIER_URL points at `npm run classifier`.
// The service's UserErrors come back as the same UserErrors, so students read the same words.
import { userError } from '../../core/errors.ts';
import { API, fromWire, requesterHeaders, resultFromWire, whereFromWire, type TrainLine, type WireWhereResult } from './http-protocol.ts';
import type {
  ClassifierService,
  ClassifierStatus,
  ClassifyResult,
  Explanation,
  ExplainTarget,
  ModelSummary,
  Requester,
  TrainingProgress,
  TrainResult,
  WhereResult,
} from './types.ts';

export interface HttpClassifierOptions {
  url: string;
  /** Sent as a bearer token when the service has CLASSIFIER_TOKEN set. */
  token?: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** A photo request gives up after this long (training streams have no limit). */
  timeoutMs?: number;
}

const unreachable = () =>
  userError(
    'classifier-unreachable',
    '사진 분류 서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
    'The photo classifier service can’t be reached. Please try again shortly.',
  );

export class HttpClassifier implements ClassifierService {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpClassifierOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  private async call(path: string, init: RequestInit & { timeout?: boolean } = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
        ...(init.timeout === false ? {} : { signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) }),
      });
    } catch (error) {
      // The URL may hold credentials: log the reason, never the address.
      this.options.log?.(`classifier client: ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw unreachable();
    }
    if (response.ok) return response;
    const body: unknown = await response.json().catch(() => undefined);
    const problem = fromWire(body);
    if (problem) throw problem;
    this.options.log?.(`classifier client: ${path} answered HTTP ${response.status}`);
    throw unreachable();
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.call(path, init)).json()) as T;
  }

  private post(body: Uint8Array | object, who?: Requester): RequestInit {
    const raw = body instanceof Uint8Array;
    return {
      method: 'POST',
      headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json', ...(who ? requesterHeaders(who) : {}) },
      body: raw ? body : JSON.stringify(body),
    };
  }

  classify(photo: Uint8Array, who: Requester): Promise<ClassifyResult> {
    return this.json(API.classify, this.post(photo, who));
  }

  explain(target: ExplainTarget): Promise<Explanation> {
    return this.json(API.explain, this.post('photo' in target ? target.photo : { predictionId: target.predictionId }));
  }

  async where(predictionId: number, who: Requester): Promise<WhereResult> {
    return whereFromWire(await this.json<WireWhereResult>(API.where(predictionId), this.post({}, who)));
  }

  correct(predictionId: number, label: string, who: Requester): Promise<{ label: string; pending: number }> {
    return this.json(API.correct(predictionId), this.post({ label }, who));
  }

  async train(who: Requester, onProgress?: (progress: TrainingProgress) => void | Promise<void>): Promise<TrainResult> {
    const response = await this.call(API.train, { ...this.post({}, who), timeout: false });
    if (!response.body) throw unreachable();
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      // biome-ignore lint/suspicious/noAssignInExpressions: the usual read-lines loop; each pass takes one line off the buffer.
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as TrainLine;
        buffered = buffered.slice(newline + 1);
        if ('progress' in line) await onProgress?.(line.progress);
        else if ('result' in line) return resultFromWire(line.result);
        else throw fromWire(line) ?? unreachable();
      }
    }
    // The stream ended without a result: the service stopped mid-training (the job stays queued there).
    throw unreachable();
  }

  status(who: Requester): Promise<ClassifierStatus> {
    return this.json(API.status, { headers: requesterHeaders(who) });
  }

  activate(version: number, who: Requester): Promise<ModelSummary> {
    return this.json(API.activate(version), { method: 'POST', headers: requesterHeaders(who) });
  }

  listModels(who: Requester): Promise<ModelSummary[]> {
    return this.json(API.models, { headers: requesterHeaders(who) });
  }

  labels(who: Requester): Promise<string[]> {
    return this.json(API.labels, { headers: requesterHeaders(who) });
  }

  async close(): Promise<void> {}
}
