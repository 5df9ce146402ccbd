import { useEffect, useState } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import type { Product } from '@shared/products-contract';
import { CallError } from '@renderer/api/call';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { useT } from '@renderer/i18n/use-t';
import { useProductsStore } from '@renderer/store/products-store';
import { ImportPanel } from './ImportPanel';
import { ProductForm } from './ProductForm';

type Panel = { kind: 'add' } | { kind: 'edit'; product: Product } | { kind: 'import' } | { kind: 'confirmDelete'; product: Product };
type Status = { kind: 'done'; text: string } | { kind: 'error'; error: AppErrorPayload };

/** Saves text as a file through a Blob link (no dialog needed, works in Electron and the browser harness). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Products: the table (archived on demand), add and edit, archive, delete with confirmation, CSV import and export. */
export function ProductsScreen() {
  const t = useT();
  const list = useProductsStore((state) => state.list);
  const products = useProductsStore((state) => state.products);
  const showArchived = useProductsStore((state) => state.showArchived);
  const setShowArchived = useProductsStore((state) => state.setShowArchived);
  const load = useProductsStore((state) => state.load);
  const subscribe = useProductsStore((state) => state.subscribe);
  const archive = useProductsStore((state) => state.archive);
  const unarchive = useProductsStore((state) => state.unarchive);
  const remove = useProductsStore((state) => state.remove);
  const exportCsv = useProductsStore((state) => state.exportCsv);
  const [panel, setPanel] = useState<Panel | undefined>();
  const [status, setStatus] = useState<Status | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  useEffect(() => {
    const unsubscribe = subscribe();
    void load();
    return unsubscribe;
  }, [subscribe, load]);

  const shown = showArchived ? products : products.filter((product) => product.archived_at === null);
  const archivedCount = products.length - products.filter((product) => product.archived_at === null).length;

  async function act(key: string, action: () => Promise<string>) {
    setBusy(key);
    setStatus(undefined);
    try {
      setStatus({ kind: 'done', text: await action() });
    } catch (caught) {
      if (!(caught instanceof CallError)) throw caught;
      setStatus({ kind: 'error', error: caught.payload });
    } finally {
      setBusy(undefined);
    }
  }

  const open = (next: Panel | undefined) => {
    setPanel(next);
    setStatus(undefined);
  };

  const doExport = () =>
    act('export', async () => {
      const exported = await exportCsv();
      download(exported.csv, exported.file_name);
      return t('products.exported', { count: exported.count, file: exported.file_name });
    });

  const confirmDelete = (product: Product) =>
    act(`delete:${product.product_code}`, async () => {
      try {
        await remove(product.product_code);
      } finally {
        setPanel(undefined);
      }
      return t('products.deleted', { code: product.product_code });
    });

  return (
    <section className="screen products" data-testid="screen-products">
      <div className="products-header">
        <h1>{t('products.title')}</h1>
        <div className="actions">
          <button type="button" className="button button--primary" onClick={() => open({ kind: 'add' })}>
            {t('products.add')}
          </button>
          <button type="button" className="button" onClick={() => open({ kind: 'import' })}>
            {t('products.import')}
          </button>
          <button type="button" className="button" disabled={busy === 'export'} onClick={() => void doExport()}>
            {busy === 'export' ? t('products.exporting') : t('products.export')}
          </button>
        </div>
      </div>

      {panel?.kind === 'add' || panel?.kind === 'edit' ? (
        <ProductForm
          key={panel.kind === 'edit' ? panel.product.product_code : 'add'}
          product={panel.kind === 'edit' ? panel.product : undefined}
          onCancel={() => open(undefined)}
          onDone={(saved) => {
            setPanel(undefined);
            setStatus({ kind: 'done', text: t('products.saved', { code: saved.product_code }) });
          }}
        />
      ) : null}
      {panel?.kind === 'import' ? <ImportPanel onClose={() => open(undefined)} /> : null}
      {panel?.kind === 'confirmDelete' ? (
        <div
          className="card products-confirm"
          role="alertdialog"
          aria-labelledby="product-delete-title"
          aria-describedby="product-delete-body"
        >
          <h2 id="product-delete-title">{t('products.confirmDelete.title', { code: panel.product.product_code })}</h2>
          <p id="product-delete-body">
            {t('products.confirmDelete.body', { title: panel.product.product_title, brand: panel.product.product_brand })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button products-button--danger"
              disabled={busy !== undefined}
              onClick={() => void confirmDelete(panel.product)}
            >
              {t('products.confirmDelete.confirm')}
            </button>
            <button type="button" className="button" onClick={() => open(undefined)}>
              {t('products.confirmDelete.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      <div className="products-status" data-testid="products-status" aria-live="polite">
        {status?.kind === 'done' ? <p className="ok-text">{status.text}</p> : null}
        {status?.kind === 'error' ? <ErrorMessage error={status.error} /> : null}
      </div>

      <div className="products-toolbar">
        <button
          type="button"
          role="switch"
          aria-checked={showArchived}
          className={showArchived ? 'segmented__item segmented__item--on' : 'segmented__item'}
          onClick={() => setShowArchived(!showArchived)}
        >
          {t('products.showArchived', { count: archivedCount })}
        </button>
      </div>

      {list.status === 'failed' ? (
        <div className="card">
          <ErrorMessage error={list.error} />
          <div className="actions">
            <button type="button" className="button" onClick={() => void load()}>
              {t('products.reload')}
            </button>
          </div>
        </div>
      ) : null}
      {list.status === 'loading' ? <p className="muted">{t('products.loading')}</p> : null}

      {list.status === 'ready' && shown.length === 0 ? (
        <div className="card products-empty" data-testid="products-empty">
          <h2>{t('products.empty.title')}</h2>
          <p>{products.length > 0 ? t('products.empty.allArchived') : t('products.empty.body')}</p>
        </div>
      ) : null}

      {shown.length > 0 ? (
        <div className="products-table-wrap">
          <table className="products-table" aria-label={t('products.list.label')}>
            <thead>
              <tr>
                <th scope="col">{t('products.column.code')}</th>
                <th scope="col">{t('products.column.product')}</th>
                <th scope="col">{t('products.column.activity')}</th>
                <th scope="col">{t('products.column.miniProgram')}</th>
                <th scope="col">{t('products.column.status')}</th>
                <th scope="col">{t('products.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((product) => {
                const inUse = product.activations > 0;
                const code = product.product_code;
                return (
                  <tr key={code} data-product={code} className={product.archived_at ? 'products-row--archived' : undefined}>
                    <td className="mono products-code">{code}</td>
                    <td>
                      <strong>{product.product_title}</strong>
                      <div className="muted">{product.product_brand}</div>
                    </td>
                    <td>{product.activity_name}</td>
                    <td>
                      <div className="mono">{product.wxa_appid}</div>
                      <div className="mono muted">{product.wxa_path}</div>
                      <div className="muted">{t(`products.wxaType.${product.wxa_type as 0 | 1 | 2}`)}</div>
                    </td>
                    <td>
                      <span className={product.archived_at ? 'products-chip products-chip--archived' : 'products-chip'}>
                        {product.archived_at ? t('products.status.archived') : t('products.status.active')}
                      </span>
                      {inUse ? <div className="products-in-use">{t('products.status.inUse', { count: product.activations })}</div> : null}
                    </td>
                    <td>
                      <div className="products-row-actions">
                        <button
                          type="button"
                          className="button"
                          disabled={inUse}
                          title={inUse ? t('products.inUseNote') : undefined}
                          onClick={() => open({ kind: 'edit', product })}
                        >
                          {t('products.edit')}
                        </button>
                        {product.archived_at ? (
                          <button
                            type="button"
                            className="button"
                            disabled={busy !== undefined}
                            onClick={() =>
                              void act(`unarchive:${code}`, async () => {
                                await unarchive(code);
                                return t('products.unarchived', { code });
                              })
                            }
                          >
                            {t('products.unarchive')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button"
                            disabled={busy !== undefined}
                            onClick={() =>
                              void act(`archive:${code}`, async () => {
                                await archive(code);
                                return t('products.archived', { code });
                              })
                            }
                          >
                            {t('products.archive')}
                          </button>
                        )}
                        <button
                          type="button"
                          className="button products-button--danger"
                          disabled={busy !== undefined}
                          onClick={() => open({ kind: 'confirmDelete', product })}
                        >
                          {t('products.delete')}
                        </button>
                      </div>
                      {inUse ? <p className="muted products-note">{t('products.inUseNote')}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
