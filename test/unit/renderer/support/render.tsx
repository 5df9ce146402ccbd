/**
 * What the renderer tests share: a fake `window.api` answering from per-channel
 * handlers (recording every call, pushing events), one React root mounted into
 * the document with `act`, a ready app store, DOM helpers and fixture builders.
 * Test files keep their own `// @vitest-environment jsdom` line.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach } from 'vitest';
import { z } from 'zod';
import type { MarketcodeApi } from '@shared/api';
import type { ApplicationSummary } from '@shared/batches-contract';
import {
  contract,
  type AppInfo,
  type Channel,
  type ChannelRequest,
  type ChannelResponse,
  type EventName,
  type EventPayload,
} from '@shared/contract';
import type { Envelope } from '@shared/envelope';
import type { AppErrorPayload, Locale } from '@shared/errors';
import type { Product } from '@shared/products-contract';
import { useAppStore, type Screen } from '@renderer/store/app-store';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

// ---------------------------------------------------------------- errors

/** A translatable error as main sends it; `hint` goes to the English text. */
export function appError(
  code: string,
  en: string,
  zh = en,
  extra: { hint?: string; details?: Record<string, string | number> } = {},
): AppErrorPayload {
  return {
    code,
    message: en,
    localized: { 'zh-CN': { message: zh }, en: { message: en, ...(extra.hint ? { hint: extra.hint } : {}) } },
    ...(extra.details ? { details: extra.details } : {}),
  };
}

/** A handler's refusal: the call answers `{ ok: false, error }`. */
export class Refusal {
  constructor(readonly error: AppErrorPayload) {}
}

export const refuse = (error: AppErrorPayload) => new Refusal(error);

/** What main answers for a channel it does not know. */
export const unknownChannel = (channel: string) => refuse(appError('UNKNOWN_CHANNEL', channel));

// ---------------------------------------------------------------- the contract

/** Fake answers that did not match the contract in the running test (reported by the afterEach below). */
const drifted: string[] = [];

/**
 * Parses a fake answer through the channel's response schema, so a fake cannot
 * drift from the contract. A mismatch throws (the renderer would turn it into a
 * transport error, which a test might not notice) and also fails the test.
 */
export function answerThroughContract<C extends Channel>(channel: C, data: unknown): ChannelResponse<C> {
  const parsed = contract[channel].response.safeParse(data);
  if (parsed.success) return parsed.data as ChannelResponse<C>;
  const problem = `the fake answer for ${channel} does not match the contract:\n${z.prettifyError(parsed.error)}`;
  drifted.push(problem);
  throw new Error(problem);
}

/** Wraps a hand-written `invoke` so each answer it gives passes through the contract. */
export function throughContract(invoke: MarketcodeApi['invoke']): MarketcodeApi['invoke'] {
  return async <C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Envelope<ChannelResponse<C>>> => {
    const envelope = await invoke(channel, request);
    return envelope.ok ? { ok: true, data: answerThroughContract(channel, envelope.data) } : envelope;
  };
}

afterEach(() => {
  const problems = drifted.splice(0);
  if (problems.length > 0) throw new Error(problems.join('\n\n'));
});

// ---------------------------------------------------------------- window.api

export type Handler<C extends Channel> = (request: ChannelRequest<C>) => ChannelResponse<C> | Refusal;
export type Handlers = { [C in Channel]?: Handler<C> };

export interface FakeApiOptions {
  handlers?: Handlers;
  /** Answers a channel without a handler; by default the call throws "unexpected channel". */
  unhandled?: (channel: Channel) => Refusal;
}

export interface Call {
  channel: Channel;
  request: unknown;
}

/** A `window.api` answering from `handlers`; the test reads `calls` and pushes events. */
export function fakeApi({ handlers = {}, unhandled }: FakeApiOptions = {}) {
  const calls: Call[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api: MarketcodeApi = {
    async invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<Envelope<ChannelResponse<C>>> {
      calls.push({ channel, request });
      const handler: Handler<C> | undefined = handlers[channel];
      let answer: ChannelResponse<C> | Refusal;
      if (handler) answer = handler(request);
      else if (unhandled) answer = unhandled(channel);
      else throw new Error(`unexpected channel ${channel}`);
      return answer instanceof Refusal ? { ok: false, error: answer.error } : { ok: true, data: answerThroughContract(channel, answer) };
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  /** Delivers an event to the listeners as main would (no `act`: for use inside handlers). */
  const push = <E extends EventName>(event: E, payload: EventPayload<E>) => listeners.get(event)?.forEach((listener) => listener(payload));
  /** Delivers an event inside `act`, for the test body. */
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => act(() => push(event, payload));
  /** The requests sent on one channel, in order. */
  const sent = (channel: Channel) => calls.filter((call) => call.channel === channel).map((call) => call.request);
  const listenerCount = (event: EventName) => listeners.get(event)?.size ?? 0;
  return { api, calls, emit, push, sent, listenerCount };
}

// ---------------------------------------------------------------- rendering

let mounted: { container: HTMLDivElement; root: Root | undefined } | undefined;

/** Renders into this test's container (created on first use, reused after `unmount`). */
export async function renderInto(element: ReactNode): Promise<HTMLDivElement> {
  if (!mounted) {
    const container = document.createElement('div');
    document.body.append(container);
    mounted = { container, root: undefined };
  }
  const root = (mounted.root ??= createRoot(mounted.container));
  await act(async () => root.render(element));
  return mounted.container;
}

/** Unmounts what is rendered; the container stays for another `renderInto`. */
export function unmount() {
  if (!mounted?.root) return;
  const root = mounted.root;
  act(() => root.unmount());
  mounted.root = undefined;
}

/** For `afterEach`: unmounts and removes the container. */
export function cleanup() {
  unmount();
  mounted?.container.remove();
  mounted = undefined;
}

function currentContainer(): HTMLDivElement {
  if (!mounted) throw new Error('nothing rendered yet');
  return mounted.container;
}

// ---------------------------------------------------------------- app store

export const appInfo: AppInfo = {
  productName: 'Marketcode Station',
  version: '0.1.0',
  mode: 'training',
  dataDir: '/data',
  liveCredentialsSet: false,
  systemLocale: 'en-US',
  hid: { available: true },
};

/** Installs `api` as `window.api` and the app store as if start-up had loaded `appInfo` and `locale`. */
export function startReady(api: MarketcodeApi, locale: Locale, screen?: Screen) {
  window.api = api;
  useAppStore.setState({ load: { status: 'ready' }, info: appInfo, settings: { locale }, ...(screen ? { screen } : {}) });
}

// ---------------------------------------------------------------- DOM

/** The button whose text (or aria-label) is `name`. */
export function button(name: string, within: ParentNode = currentContainer()): HTMLButtonElement {
  const found = [...within.querySelectorAll('button')].find(
    (element) => element.textContent === name || element.getAttribute('aria-label') === name,
  );
  if (!found) throw new Error(`no button "${name}" in: ${within.textContent}`);
  return found;
}

/** Types into a React-controlled field the way a browser does. */
export function type(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  const prototype =
    field instanceof HTMLSelectElement
      ? HTMLSelectElement.prototype
      : field instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')!.set!;
  act(() => {
    setter.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

// ---------------------------------------------------------------- fixtures

export function applicationSummary(overrides: Partial<ApplicationSummary> = {}): ApplicationSummary {
  return {
    isv_application_id: 'mc-20250101-0001',
    application_id: null,
    code_count: 20_000,
    label: 'Line 3',
    state: 'applying',
    remote_status: null,
    segments_total: 0,
    segments_imported: 0,
    segments_indexed: 0,
    segments_failed: 0,
    codes_imported: 0,
    last_error: null,
    next_attempt_at: null,
    created_by: 'station',
    created_at: '2025-01-01T08:00:00.000Z',
    updated_at: '2025-01-01T08:00:00.000Z',
    ...overrides,
  };
}

export function productFixture(overrides: Partial<Product> = {}): Product {
  return {
    product_code: '6901234567892',
    product_brand: '示例饮料',
    product_title: '橙味汽水 330ml ×24',
    activity_name: '扫码赢好礼',
    wxa_appid: 'wx0123456789abcdef',
    wxa_path: 'pages/scan/index',
    wxa_type: 0,
    archived_at: null,
    activations: 0,
    created_by: 'system',
    created_at: '2025-03-01T08:00:00.000Z',
    updated_at: '2025-03-01T08:00:00.000Z',
    ...overrides,
  };
}
