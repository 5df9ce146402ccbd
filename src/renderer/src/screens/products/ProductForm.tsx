import { useState, type FormEvent } from 'react';
import type { Product } from '@shared/products-contract';
import { WXA_TYPES, type ProductField, type ProductInput } from '@shared/validation/product-rules';
import { SubmitButton } from '@renderer/components/BusyButton';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { Segmented } from '@renderer/components/Segmented';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { useProductsStore } from '@renderer/store/products-store';
import { draftProblems } from './problem-text';

type TextField = Exclude<ProductField, 'wxa_type'>;
type Draft = Record<TextField, string> & { wxa_type: number };

const EMPTY: Draft = {
  product_code: '',
  product_brand: '',
  product_title: '',
  activity_name: '',
  wxa_appid: '',
  wxa_path: '',
  wxa_type: 0,
};

function draftOf(product: Product | undefined): Draft {
  if (!product) return { ...EMPTY };
  return {
    product_code: product.product_code,
    product_brand: product.product_brand,
    product_title: product.product_title,
    activity_name: product.activity_name,
    wxa_appid: product.wxa_appid,
    wxa_path: product.wxa_path,
    wxa_type: product.wxa_type,
  };
}

/** Fields whose value is code-like: no spell check, monospace, latin keyboard hints. */
const CODE_FIELDS: ReadonlySet<TextField> = new Set(['product_code', 'wxa_appid', 'wxa_path']);

/**
 * Add a product, or edit one (`product` set; its code stays fixed). Problems
 * show per field, translated, once the form has been submitted; main's
 * refusals (duplicate code, product in use) show below.
 */
export function ProductForm({ product, onDone, onCancel }: { product?: Product; onDone: (saved: Product) => void; onCancel: () => void }) {
  const t = useT();
  const add = useProductsStore((state) => state.add);
  const update = useProductsStore((state) => state.update);
  const [draft, setDraft] = useState<Draft>(() => draftOf(product));
  const [showProblems, setShowProblems] = useState(false);
  const action = useAction();
  const editing = product !== undefined;

  const input: ProductInput = { ...draft };
  const problems = draftProblems(t, input);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    action.clearError();
    if (Object.keys(problems).length > 0) return;
    const saved = await action.run(() => (editing ? update(input) : add(input)));
    if (saved.ok) onDone(saved.value);
  }

  const change = (field: TextField, value: string) => {
    setDraft({ ...draft, [field]: value });
    action.clearError();
  };

  const field = (name: TextField, hint?: string) => {
    const problem = showProblems ? problems[name] : undefined;
    const code = CODE_FIELDS.has(name);
    const locked = editing && name === 'product_code';
    const hintText = locked ? t('products.hint.codeFixed') : hint;
    return (
      <label className="form-field">
        <span className="form-field__label">{t(`products.field.${name}`)}</span>
        <input
          name={name}
          type="text"
          autoComplete="off"
          spellCheck={false}
          inputMode={name === 'product_code' ? 'numeric' : undefined}
          className={code ? 'mono' : undefined}
          value={draft[name]}
          disabled={locked}
          aria-invalid={problem ? true : undefined}
          aria-describedby={hintText ? `product-hint-${name}` : undefined}
          onChange={(event) => change(name, event.target.value)}
        />
        {hintText ? (
          <span className="products-hint muted" id={`product-hint-${name}`}>
            {hintText}
          </span>
        ) : null}
        {problem ? (
          <span className="form-field__problem" role="alert" data-field={name}>
            {problem}
          </span>
        ) : null}
      </label>
    );
  };

  return (
    <form className="card products-form" data-testid="product-form" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{editing ? t('products.form.editTitle', { code: product.product_code }) : t('products.form.addTitle')}</h2>
      <div className="form-grid">
        {field('product_code', t('products.hint.product_code'))}
        {field('product_brand')}
        {field('product_title')}
        {field('activity_name', t('products.hint.activity_name'))}
        {field('wxa_appid', t('products.hint.wxa_appid'))}
        {field('wxa_path', t('products.hint.wxa_path'))}
      </div>
      <div className="form-row">
        <span className="form-field__label" id="product-wxa-type">
          {t('products.field.wxa_type')}
        </span>
        <Segmented
          labelledBy="product-wxa-type"
          options={WXA_TYPES.map((type) => ({ value: type, label: t(`products.wxaType.${type}`) }))}
          value={draft.wxa_type}
          onChange={(type) => setDraft({ ...draft, wxa_type: type })}
        />
      </div>
      <div className="actions">
        <SubmitButton busy={action.busy} label={t('products.form.save')} busyLabel={t('products.form.saving')} />
        <button type="button" className="button" onClick={onCancel}>
          {t('products.form.cancel')}
        </button>
      </div>
      {action.error ? (
        <div className="products-status" data-testid="product-form-error">
          <ErrorMessage error={action.error} />
        </div>
      ) : null}
    </form>
  );
}
