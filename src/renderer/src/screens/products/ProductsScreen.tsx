import { useEffect, useState } from 'react';
import type { Product } from '@shared/products-contract';
import { BusyButton } from '@renderer/components/BusyButton';
import { downloadText } from '@renderer/components/download';
import { OutcomeLine } from '@renderer/components/OutcomeLine';
import { SegmentToggle } from '@renderer/components/Segmented';
import { useOutcome, type Outcome } from '@renderer/components/use-outcome';
import { useT } from '@renderer/i18n/use-t';
import { useProductsStore } from '@renderer/store/products-store';
import { DeleteConfirm } from './DeleteConfirm';
import { ImportPanel } from './ImportPanel';
import { ProductForm } from './ProductForm';
import { ProductsList } from './ProductsTable';
import { useProductCommands, type ProductCommands } from './use-product-commands';

type Panel = { kind: 'add' } | { kind: 'edit'; product: Product } | { kind: 'import' } | { kind: 'confirmDelete'; product: Product };

/** Products: the table (archived on demand), add and edit, archive, delete with confirmation, CSV import and export. */
export function ProductsScreen() {
  const t = useT();
  const products = useProductsStore((state) => state.products);
  const showArchived = useProductsStore((state) => state.showArchived);
  const setShowArchived = useProductsStore((state) => state.setShowArchived);
  const load = useProductsStore((state) => state.load);
  const subscribe = useProductsStore((state) => state.subscribe);
  const [panel, setPanel] = useState<Panel | undefined>();
  const outcome = useOutcome();
  const commands = useProductCommands(outcome, () => setPanel(undefined));

  useEffect(() => {
    const unsubscribe = subscribe();
    void load();
    return unsubscribe;
  }, [subscribe, load]);

  const active = products.filter((product) => product.archived_at === null);
  const shown = showArchived ? products : active;

  const open = (next: Panel | undefined) => {
    setPanel(next);
    outcome.clear();
  };

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
          <ExportButton outcome={outcome} />
        </div>
      </div>

      {panel ? <OpenPanel panel={panel} outcome={outcome} commands={commands} onClose={() => open(undefined)} /> : null}

      <OutcomeLine className="products-status" testId="products-status" done={outcome.done} error={outcome.error} />

      <div className="products-toolbar">
        <SegmentToggle role="switch" on={showArchived} onClick={() => setShowArchived(!showArchived)}>
          {t('products.showArchived', { count: products.length - active.length })}
        </SegmentToggle>
      </div>

      <ProductsList
        shown={shown}
        busy={outcome.busy}
        onEdit={(product) => open({ kind: 'edit', product })}
        onArchive={(product) => void commands.archive(product)}
        onUnarchive={(product) => void commands.unarchive(product)}
        onDelete={(product) => open({ kind: 'confirmDelete', product })}
      />
    </section>
  );
}

/** Export CSV: the products shown (archived ones too when shown), saved as a file. */
function ExportButton({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const exportCsv = useProductsStore((state) => state.exportCsv);
  const doExport = () =>
    outcome.attempt(async () => {
      const exported = await exportCsv();
      downloadText(exported.csv, exported.file_name);
      return t('products.exported', { count: exported.count, file: exported.file_name });
    }, 'export');
  return (
    <BusyButton
      className="button"
      busy={outcome.busyKey === 'export'}
      label={t('products.export')}
      busyLabel={t('products.exporting')}
      onClick={() => void doExport()}
    />
  );
}

/** The panel open above the list: the product form, the CSV import, or the delete confirmation. */
function OpenPanel({
  panel,
  outcome,
  commands,
  onClose,
}: {
  panel: Panel;
  outcome: Outcome;
  commands: ProductCommands;
  onClose: () => void;
}) {
  const t = useT();
  switch (panel.kind) {
    case 'add':
    case 'edit':
      return (
        <ProductForm
          key={panel.kind === 'edit' ? panel.product.product_code : 'add'}
          product={panel.kind === 'edit' ? panel.product : undefined}
          onCancel={onClose}
          onDone={(saved) => {
            onClose();
            outcome.announce(t('products.saved', { code: saved.product_code }));
          }}
        />
      );
    case 'import':
      return <ImportPanel onClose={onClose} />;
    case 'confirmDelete':
      return (
        <DeleteConfirm
          product={panel.product}
          busy={outcome.busy}
          onConfirm={() => void commands.remove(panel.product)}
          onCancel={onClose}
        />
      );
  }
}
