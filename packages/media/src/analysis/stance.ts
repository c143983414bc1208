import { MediaAnalysisError } from './errors.js';

/** The version of the prompt and schema below; logged with every classification. */
export const stancePromptVersion = 'stance-frames/1';

export const stanceLabels = ['favourable', 'neutral', 'unfavourable', 'mixed', 'not-about-target'] as const;
export type StanceLabel = (typeof stanceLabels)[number];

/** Frames after Semetko & Valkenburg (2000), plus two frequent in coverage of China abroad. */
export const frameLabels = ['conflict', 'economic-consequences', 'human-interest', 'morality', 'responsibility', 'cooperation', 'threat'] as const;
export type FrameLabel = (typeof frameLabels)[number];

/** Where the OpenAI-compatible endpoint is (a local Ollama or vLLM, or a hosted service). */
export interface StanceClassifierConfig {
  /** Base URL up to and including `/v1`, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per request; default 60 000 ms. */
  timeoutMs?: number;
  /** Receives one entry per call (model, prompt version, duration, outcome). */
  log?: (entry: StanceLogEntry) => void;
  /** Injected fetch (tests, proxies); default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

export interface StanceInput {
  /** What the stance is towards, e.g. "China" or "the Belt and Road Initiative". */
  target: string;
  title?: string | null;
  text: string;
  language?: string | null;
}

export interface StanceClassification {
  stance: StanceLabel;
  frames: FrameLabel[];
  /** The model's own confidence in [0, 1]; not a calibrated probability. */
  confidence: number;
  rationale: string;
  model: string;
  promptVersion: string;
}

export interface StanceLogEntry {
  model: string;
  promptVersion: string;
  durationMs: number;
  outcome: 'ok' | 'http-error' | 'timeout' | 'invalid-reply' | 'network-error';
  detail?: string;
}

export interface StanceClassifier {
  readonly model: string;
  readonly promptVersion: string;
  classify(input: StanceInput): Promise<StanceClassification>;
}

/** The JSON schema the endpoint is asked to follow (response_format json_schema, strict). */
export const stanceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['stance', 'frames', 'confidence', 'rationale'],
  properties: {
    stance: { type: 'string', enum: [...stanceLabels] },
    frames: { type: 'array', items: { type: 'string', enum: [...frameLabels] } },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    rationale: { type: 'string' },
  },
} as const;

const systemPrompt = [
  'You code news articles for a media-analysis study.',
  'Given a target and an article, decide the stance of the article towards the target:',
  '"favourable", "neutral", "unfavourable", "mixed", or "not-about-target" when the article does not discuss the target.',
  'Stance is the evaluation the article conveys about the target, not the emotional tone of the events reported.',
  `List the frames the article uses, from: ${frameLabels.join(', ')}.`,
  'Give a confidence between 0 and 1 and a one-sentence rationale. Answer with JSON only.',
].join(' ');

/** The chat request body sent for one article (exported so that runs can be audited). */
export function stanceRequestBody(model: string, input: StanceInput, maxCharacters = 12000): Record<string, unknown> {
  const text = input.text.length > maxCharacters ? `${input.text.slice(0, maxCharacters)} […]` : input.text;
  const user = `Target: ${input.target}\nLanguage: ${input.language ?? 'unknown'}\nTitle: ${input.title ?? ''}\n\n${text}`;
  return {
    model,
    temperature: 0,
    messages: [
      { role: 'system', content: systemPrompt },
      { role: 'user', content: user },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'stance_frames', strict: true, schema: stanceSchema } },
  };
}

/** Checks a parsed reply against `stanceSchema`; returns the problems (empty when valid). */
export function checkStanceReply(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value == null || Array.isArray(value)) return ['the reply is not a JSON object'];
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!(key in stanceSchema.properties)) problems.push(`unexpected field "${key}"`);
  if (!stanceLabels.includes(v.stance as StanceLabel)) problems.push(`stance ${JSON.stringify(v.stance)} is not one of ${stanceLabels.join(', ')}`);
  if (!Array.isArray(v.frames)) problems.push('frames is not an array');
  else for (const f of v.frames) if (!frameLabels.includes(f as FrameLabel)) problems.push(`frame ${JSON.stringify(f)} is not one of ${frameLabels.join(', ')}`);
  if (typeof v.confidence !== 'number' || !(v.confidence >= 0 && v.confidence <= 1)) problems.push(`confidence ${JSON.stringify(v.confidence)} is not a number in [0, 1]`);
  if (typeof v.rationale !== 'string') problems.push('rationale is not a string');
  return problems;
}

/**
 * A stance-and-frames classifier over any OpenAI-compatible chat endpoint
 * (`POST {baseUrl}/chat/completions`), with a JSON-schema response format and temperature 0.
 * Off unless configured: returns null when `config` is absent or has no base URL or model.
 * Every call is logged with the model and `stancePromptVersion`. Replies that are not valid
 * JSON or do not match the schema, HTTP errors and timeouts throw a `MediaAnalysisError`
 * (MEDIA_STANCE_INVALID_REPLY, MEDIA_STANCE_HTTP, MEDIA_STANCE_TIMEOUT).
 *
 * @example
 * const classifier = createStanceClassifier({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b' });
 * await classifier?.classify({ target: 'China', text: '…' }) // → { stance: 'neutral', frames: ['economic-consequences'], … }
 */
export function createStanceClassifier(config: StanceClassifierConfig | null | undefined): StanceClassifier | null {
  if (!config || !config.baseUrl || !config.model) return null;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const timeoutMs = config.timeoutMs ?? 60_000;
  const doFetch = config.fetch ?? globalThis.fetch;
  const model = config.model;

  async function classify(input: StanceInput): Promise<StanceClassification> {
    if (input == null || typeof input.text !== 'string' || typeof input.target !== 'string') {
      throw new MediaAnalysisError('MEDIA_INPUT_INVALID', 'stance: the input needs a string "text" and a string "target"');
    }
    const started = Date.now();
    const log = (outcome: StanceLogEntry['outcome'], detail?: string): void =>
      config!.log?.({ model, promptVersion: stancePromptVersion, durationMs: Date.now() - started, outcome, ...(detail ? { detail } : {}) });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let body: string;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (config!.apiKey) headers.authorization = `Bearer ${config!.apiKey}`;
      const response = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(stanceRequestBody(model, input)), signal: controller.signal });
      body = await response.text();
      if (!response.ok) {
        log('http-error', `HTTP ${response.status}`);
        throw new MediaAnalysisError('MEDIA_STANCE_HTTP', `stance: ${url} answered HTTP ${response.status}: ${body.slice(0, 200)}; check the base URL, model name and API key`);
      }
    } catch (e) {
      if (e instanceof MediaAnalysisError) throw e;
      if (controller.signal.aborted) {
        log('timeout');
        throw new MediaAnalysisError('MEDIA_STANCE_TIMEOUT', `stance: ${url} did not answer within ${timeoutMs} ms; raise timeoutMs or use a smaller model`);
      }
      log('network-error', (e as Error).message);
      throw new MediaAnalysisError('MEDIA_STANCE_HTTP', `stance: cannot reach ${url}: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    let content: unknown;
    try {
      const envelope = JSON.parse(body) as { choices?: Array<{ message?: { content?: unknown } }> };
      content = envelope.choices?.[0]?.message?.content;
    } catch {
      log('invalid-reply', 'the response body is not JSON');
      throw new MediaAnalysisError('MEDIA_STANCE_INVALID_REPLY', `stance: ${url} answered with a body that is not JSON: ${body.slice(0, 200)}`);
    }
    if (typeof content !== 'string') {
      log('invalid-reply', 'no choices[0].message.content');
      throw new MediaAnalysisError('MEDIA_STANCE_INVALID_REPLY', `stance: the reply has no choices[0].message.content; is ${url} an OpenAI-compatible chat endpoint?`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      log('invalid-reply', 'message content is not JSON');
      throw new MediaAnalysisError('MEDIA_STANCE_INVALID_REPLY', `stance: model "${model}" answered with text that is not JSON: ${content.slice(0, 200)}; use a model and server that support response_format json_schema`);
    }
    const problems = checkStanceReply(parsed);
    if (problems.length > 0) {
      log('invalid-reply', problems.join('; '));
      throw new MediaAnalysisError('MEDIA_STANCE_INVALID_REPLY', `stance: model "${model}" answered JSON that does not match the schema: ${problems[0]}`, problems);
    }
    const reply = parsed as { stance: StanceLabel; frames: FrameLabel[]; confidence: number; rationale: string };
    log('ok');
    return { stance: reply.stance, frames: [...new Set(reply.frames)], confidence: reply.confidence, rationale: reply.rationale, model, promptVersion: stancePromptVersion };
  }

  return { model, promptVersion: stancePromptVersion, classify };
}
