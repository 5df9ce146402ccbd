import { create } from 'zustand';
import type { ActivationCreate, ActivationSummary, RangeSource, ResolvedRange } from '@shared/activation-contract';
import type { AppErrorPayload } from '@shared/errors';
import type { Product } from '@shared/products-contract';
import { call } from '../api/call';
import { toErrorPayload } from '../api/refusal';

type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppErrorPayload };

interface ActivationState {
  /** Every activation seen, by id: from lists, answers and `activation.changed`. */
  byId: Record<number, ActivationSummary>;
  /** Per application_id: whether its activations were listed. */
  loads: Record<number, LoadState>;
  /** Active (not archived) products, as main lists them. */
  products: Product[];
  productsLoad: LoadState;
  /** The Activate screen's choices, kept while the station moves between screens. */
  applicationId: number | undefined;
  productCode: string | undefined;
  chooseApplication(applicationId: number | undefined): void;
  chooseProduct(productCode: string | undefined): void;
  /** Lists one application's activations (merged with whatever events said meanwhile). */
  load(applicationId: number): Promise<void>;
  loadProducts(): Promise<void>;
  /** Keeps activations live from `activation.changed`; returns the unsubscribe. */
  subscribe(): () => void;
  /** Keeps the product list live from `products.changed`; returns the unsubscribe. */
  subscribeProducts(): () => void;
  /** Throws CallError with main's translated refusal. */
  resolveRange(source: RangeSource): Promise<ResolvedRange>;
  /** Records the activation (pending) and shows it at once. Throws CallError. */
  create(request: ActivationCreate): Promise<ActivationSummary>;
  /** Throws CallError. */
  retry(id: number): Promise<ActivationSummary>;
  /** Throws CallError. */
  cancel(id: number): Promise<ActivationSummary>;
  applyChanged(summary: ActivationSummary): void;
}

/**
 * Answers and events travel separately (IPC invoke vs push), so an answer may
 * land after a newer event for the same activation. Each event bumps `seen[id]`;
 * an answer is applied only where no event arrived after its request left.
 */
let eventCount = 0;
const seen = new Map<number, number>();

export const useActivationStore = create<ActivationState>((set, get) => {
  /** Applies an answer unless an event about the same activation overtook it. */
  function applyAnswer(summary: ActivationSummary, askedAt: number): ActivationSummary {
    if ((seen.get(summary.id) ?? -1) <= askedAt) set({ byId: { ...get().byId, [summary.id]: summary } });
    return get().byId[summary.id] ?? summary;
  }

  return {
    byId: {},
    loads: {},
    products: [],
    productsLoad: { status: 'loading' },
    applicationId: undefined,
    productCode: undefined,

    chooseApplication: (applicationId) => set({ applicationId }),
    chooseProduct: (productCode) => set({ productCode }),

    async load(applicationId) {
      const askedAt = eventCount;
      if (get().loads[applicationId]?.status !== 'ready') set({ loads: { ...get().loads, [applicationId]: { status: 'loading' } } });
      try {
        const listed = await call('activation.list', { application_id: applicationId });
        const byId = { ...get().byId };
        for (const summary of listed) if ((seen.get(summary.id) ?? -1) <= askedAt) byId[summary.id] = summary;
        set({ byId, loads: { ...get().loads, [applicationId]: { status: 'ready' } } });
      } catch (error) {
        set({ loads: { ...get().loads, [applicationId]: { status: 'failed', error: toErrorPayload(error) } } });
      }
    },

    async loadProducts() {
      if (get().productsLoad.status !== 'ready') set({ productsLoad: { status: 'loading' } });
      try {
        const products = await call('products.list', {});
        const productCode = get().productCode;
        set({
          products: products.filter((product) => product.archived_at === null),
          productsLoad: { status: 'ready' },
          // A product archived elsewhere can no longer be chosen.
          productCode: products.some((product) => product.product_code === productCode && product.archived_at === null)
            ? productCode
            : undefined,
        });
      } catch (error) {
        set({ productsLoad: { status: 'failed', error: toErrorPayload(error) } });
      }
    },

    subscribe: () => window.api.on('activation.changed', (summary) => get().applyChanged(summary)),

    subscribeProducts: () => window.api.on('products.changed', () => void get().loadProducts()),

    resolveRange: (source) => call('activation.resolveRange', source),

    async create(request) {
      const askedAt = eventCount;
      return applyAnswer(await call('activation.create', request), askedAt);
    },

    async retry(id) {
      const askedAt = eventCount;
      return applyAnswer(await call('activation.retry', { id }), askedAt);
    },

    async cancel(id) {
      const askedAt = eventCount;
      return applyAnswer(await call('activation.cancel', { id }), askedAt);
    },

    applyChanged(summary) {
      seen.set(summary.id, ++eventCount);
      set({ byId: { ...get().byId, [summary.id]: summary } });
    },
  };
});

/** One application's activations, newest first. */
export function activationsOf(byId: Record<number, ActivationSummary>, applicationId: number | null | undefined): ActivationSummary[] {
  if (applicationId === null || applicationId === undefined) return [];
  return Object.values(byId)
    .filter((activation) => activation.application_id === applicationId)
    .sort((a, b) => b.id - a.id);
}

