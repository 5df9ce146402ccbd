import { AppError } from '@shared/errors';
import type { ProductsChanged } from '@shared/products-contract';
import type { ProductInput } from '@shared/validation/product-rules';
import { createAuditLog, type AuditLog } from '@main/audit';
import { openLedger, type SqliteDatabase } from '@main/ledger';
import { createHandlers, resolveActor, type HandlerContext, type Handlers, type HandlerServices } from '@main/bridge';
import type { Channel } from '@shared/contract';
import { createProductService, type ProductService } from '@main/products';
import type { SupervisorGate } from '@main/supervisors/gate';

export const CRISPS: ProductInput = {
  product_code: '4006381333931',
  product_brand: 'Demo Snacks',
  product_title: 'Sea-salt crisps 70 g ×30',
  activity_name: 'Scan & win',
  wxa_appid: 'wx0123456789abcdef',
  wxa_path: 'pages/index/index',
  wxa_type: 0,
};

export const MILK: ProductInput = {
  product_code: '40063812',
  product_brand: '示例乳业',
  product_title: '纯牛奶 250ml ×12',
  activity_name: '一物一码溯源',
  wxa_appid: 'wxfedcba9876543210',
  wxa_path: 'pages/trace/index?from=carton',
  wxa_type: 2,
};

/** A gate that lets a named supervisor through (or refuses everything) and remembers what was asked. */
export function testGate(actor: string | null = 'supervisor:王工') {
  const asked: string[] = [];
  const gate: SupervisorGate = {
    requireSupervisor(action) {
      asked.push(action);
      if (actor === null) {
        throw new AppError('SUPERVISOR_REQUIRED', {
          'zh-CN': { message: '需要主管解锁。' },
          en: { message: 'A supervisor must unlock first.' },
        });
      }
      return actor;
    },
    currentActor: () => actor ?? 'operator',
  };
  return { gate, asked };
}

/** The supervisor the fixture's gate lets through by default; service calls in tests act as them. */
export const ACTOR = 'supervisor:王工';

/**
 * The products channels as the bridge serves them: the actor comes from the channel's role
 * through dispatch's own resolver (that is where the supervisor gate is asked), then the handler runs.
 */
export function productHandlers(products: ProductService, gate: SupervisorGate) {
  // Only the products channels are called, and they use nothing but this service.
  const handlers = createHandlers({ products } as Pick<HandlerServices, 'products'> as HandlerServices);
  const access = { gate, settings: () => ({ locale: null }) };
  const context = (channel: Channel, request: unknown) => ({ transport: 'direct', actor: resolveActor(access, channel, request) }) as const;
  const call = <
    C extends 'products.add' | 'products.update' | 'products.archive' | 'products.unarchive' | 'products.delete' | 'products.import',
  >(
    channel: C,
    request: Parameters<Handlers[C]>[0],
  ) => (handlers[channel] as (request: unknown, context: HandlerContext) => ReturnType<Handlers[C]>)(request, context(channel, request));
  return {
    add: (input: ProductInput) => call('products.add', input as Parameters<Handlers['products.add']>[0]),
    update: (input: ProductInput) => call('products.update', input as Parameters<Handlers['products.update']>[0]),
    archive: (code: string) => call('products.archive', { product_code: code }),
    unarchive: (code: string) => call('products.unarchive', { product_code: code }),
    delete: (code: string) => call('products.delete', { product_code: code }),
    importCsv: (csv: string) => call('products.import', { csv }),
  };
}

export interface ProductFixture {
  db: SqliteDatabase;
  audit: AuditLog;
  products: ProductService;
  /** The same service behind the bridge's handlers, which ask the gate first. */
  handlers: ReturnType<typeof productHandlers>;
  /** The actions the gate was asked about, in order. */
  asked: string[];
  changes: ProductsChanged[];
}

/** A migrated in-memory ledger with the product service on it. */
export function productFixture(options: { actor?: string | null } = {}): ProductFixture {
  const db: SqliteDatabase = openLedger(':memory:');
  const audit = createAuditLog(db, { now: () => new Date('2025-03-01T08:00:00.000Z') });
  const { gate, asked } = testGate(options.actor === undefined ? ACTOR : options.actor);
  const changes: ProductsChanged[] = [];
  const products = createProductService({
    db,
    audit,
    now: () => new Date('2025-03-01T08:00:00.000Z'),
    onChanged: (change) => changes.push(change),
  });
  return { db, audit, products, handlers: productHandlers(products, gate), asked, changes };
}

let nextApplication = 581_865_877;

/** Puts an activation of `productCode` straight into the ledger (with the application it needs). */
export function insertActivation(db: SqliteDatabase, productCode: string, state = 'active'): number {
  const applicationId = nextApplication++;
  const at = '2025-03-01T08:00:00.000Z';
  db.prepare(
    `INSERT INTO applications (isv_application_id, application_id, code_count, state, created_by, created_at, updated_at)
     VALUES (?, ?, 10000, 'imported', 'test', ?, ?)`,
  ).run(`isv-${applicationId}`, applicationId, at, at);
  const product = db.prepare('SELECT * FROM products WHERE product_code = ?').get(productCode) as Record<string, string | number>;
  const result = db
    .prepare(
      `INSERT INTO activations (application_id, code_start, code_end, product_code, product_brand, product_title, activity_name,
         wxa_appid, wxa_path, wxa_type, state, created_by, created_at, updated_at)
       VALUES (?, 0, 9999, ?, ?, ?, ?, ?, ?, ?, ?, 'test', ?, ?)`,
    )
    .run(
      applicationId,
      productCode,
      product.product_brand,
      product.product_title,
      product.activity_name,
      product.wxa_appid,
      product.wxa_path,
      product.wxa_type,
      state,
      at,
      at,
    );
  return Number(result.lastInsertRowid);
}

/** A products CSV from a header and rows of cells. */
export function csv(
  rows: (string | number)[][],
  header = 'product_code,product_brand,product_title,activity_name,wxa_appid,wxa_path,wxa_type',
) {
  return [header, ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

export function csvRow(product: ProductInput): (string | number)[] {
  return [
    product.product_code,
    product.product_brand,
    product.product_title,
    product.activity_name,
    product.wxa_appid,
    product.wxa_path,
    product.wxa_type ?? 0,
  ];
}
