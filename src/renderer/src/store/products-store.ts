import { create } from 'zustand';
import type { AppErrorPayload } from '@shared/errors';
import type { Product, ProductExport, ProductImportReport, ProductInputRequest } from '@shared/products-contract';
import { call } from '../api/call';
import { toErrorPayload } from '../api/refusal';

type ListState = { status: 'idle' } | { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppErrorPayload };

interface ProductsState {
  list: ListState;
  /** Every product, archived ones included (the screen filters); active first, as main lists them. */
  products: Product[];
  showArchived: boolean;
  load(): Promise<void>;
  /** Reloads whenever main says products changed (another window, the CLI, an import); returns the unsubscribe. */
  subscribe(): () => void;
  setShowArchived(show: boolean): void;
  /** The write actions throw CallError with main's translated refusal. */
  add(input: ProductInputRequest): Promise<Product>;
  update(input: ProductInputRequest): Promise<Product>;
  archive(code: string): Promise<Product>;
  unarchive(code: string): Promise<Product>;
  remove(code: string): Promise<void>;
  importCsv(csv: string): Promise<ProductImportReport>;
  exportCsv(): Promise<ProductExport>;
}

/** Answers to older list requests are dropped: only the latest one may land. */
let listRequest = 0;

export const useProductsStore = create<ProductsState>((set, get) => {
  /** Puts one product's new state into the list without waiting for the reload. */
  const upsert = (product: Product) => {
    const products = get().products;
    const at = products.findIndex((item) => item.product_code === product.product_code);
    set({ products: at < 0 ? [...products, product] : products.with(at, product) });
    return product;
  };

  return {
    list: { status: 'idle' },
    products: [],
    showArchived: false,

    async load() {
      const request = ++listRequest;
      if (get().list.status !== 'ready') set({ list: { status: 'loading' } });
      try {
        const products = await call('products.list', { include_archived: true });
        if (request === listRequest) set({ products, list: { status: 'ready' } });
      } catch (error) {
        if (request === listRequest) set({ list: { status: 'failed', error: toErrorPayload(error) } });
      }
    },

    subscribe() {
      return window.api.on('products.changed', () => void get().load());
    },

    setShowArchived: (showArchived) => set({ showArchived }),

    add: async (input) => upsert(await call('products.add', input)),
    update: async (input) => upsert(await call('products.update', input)),
    archive: async (code) => upsert(await call('products.archive', { product_code: code })),
    unarchive: async (code) => upsert(await call('products.unarchive', { product_code: code })),
    async remove(code) {
      await call('products.delete', { product_code: code });
      set({ products: get().products.filter((product) => product.product_code !== code) });
    },
    async importCsv(csv) {
      const report = await call('products.import', { csv });
      if (report.imported) await get().load();
      return report;
    },
    exportCsv: () => call('products.export', { include_archived: get().showArchived }),
  };
});

