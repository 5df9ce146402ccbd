/** Schemas of the Products channels and events (part of the one contract in contract.ts). */
import { z } from 'zod';
import {
  checkActivityName,
  checkProductBrand,
  checkProductCode,
  checkProductTitle,
  checkWxaAppid,
  checkWxaPath,
  checkWxaType,
  PRODUCT_FIELD_PROBLEMS,
  PRODUCT_FIELDS,
  type ProductField,
  type ProductFieldProblem,
} from './validation/product-rules';

/** A zod string checked by one of the shared rules (the issue message is the problem code), then trimmed. */
function ruled(check: (value: string) => ProductFieldProblem | undefined) {
  return z
    .string()
    .max(4096)
    .superRefine((value, ctx) => {
      const problem = check(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value.trim());
}

const wxaTypeSchema = z.number().superRefine((value, ctx) => {
  const problem = checkWxaType(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const productCodeSchema = ruled(checkProductCode);

/**
 * The seven fields an activation copies from its product and sends to codeactive.
 * The one declaration of that shape: rows, stores and contracts derive from it.
 */
export const productDetailsSchema = z
  .object({
    product_code: z.string(),
    product_brand: z.string(),
    product_title: z.string(),
    activity_name: z.string(),
    wxa_appid: z.string(),
    wxa_path: z.string(),
    wxa_type: z.number(),
  })
  .strict();
export type ProductDetails = z.infer<typeof productDetailsSchema>;

/** A product as entered (add, update): every field of ProductDetails checked by the shared rules. */
export const productInputSchema = productDetailsSchema
  .extend({
    product_code: productCodeSchema,
    product_brand: ruled(checkProductBrand),
    product_title: ruled(checkProductTitle),
    activity_name: ruled(checkActivityName),
    wxa_appid: ruled(checkWxaAppid),
    wxa_path: ruled(checkWxaPath),
    wxa_type: wxaTypeSchema.optional(),
  } satisfies Record<ProductField, z.ZodTypeAny>)
  .strict();
export type ProductInputRequest = z.input<typeof productInputSchema>;

export const productSchema = productDetailsSchema
  .extend({
    /** When it was archived; null while active. */
    archived_at: z.string().nullable(),
    /** How many activations use it: a product in use can be archived, never changed or deleted. */
    activations: z.number(),
    created_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .strict();
export type Product = z.infer<typeof productSchema>;

export const productListRequestSchema = z.object({ include_archived: z.boolean().optional() }).strict();
/** Products are referred to by their code (the primary key); any string is looked up, unknown ones are PRODUCT_NOT_FOUND. */
export const productRefSchema = z.object({ product_code: z.string().trim().min(1).max(64) }).strict();

/** CSV import: the file's text (UTF-8). */
export const productImportRequestSchema = z.object({ csv: z.string().max(8 * 1024 * 1024) }).strict();

export const importOutcomeSchema = z.enum(['added', 'updated', 'unchanged', 'invalid']);
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/** Problems with a whole row or the file, beyond one field's rule. */
export const IMPORT_ROW_PROBLEMS = [
  'header',
  'columnCount',
  'duplicateInFile',
  'inUse',
  'notUtf8',
  'tooManyRows',
  'empty',
  'unclosedQuote',
] as const;
export type ImportRowProblem = (typeof IMPORT_ROW_PROBLEMS)[number];

export const importProblemSchema = z
  .object({
    /** The field at fault, or null for the whole row (or file). */
    field: z.enum(PRODUCT_FIELDS).nullable(),
    problem: z.enum([...PRODUCT_FIELD_PROBLEMS, ...IMPORT_ROW_PROBLEMS]),
    /** Facts for the message: the line of the first copy (`duplicateInFile`), the activations count (`inUse`), the expected check digit. */
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .strict();
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const importRowSchema = z
  .object({
    /** The 1-based line of the file where the row starts (the header is line 1). */
    line: z.number(),
    product_code: z.string().nullable(),
    outcome: importOutcomeSchema,
    problems: z.array(importProblemSchema),
  })
  .strict();
export type ImportRow = z.infer<typeof importRowSchema>;

export const productImportReportSchema = z
  .object({
    /** False when any row (or the file) is bad: then nothing was written. */
    imported: z.boolean(),
    added: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    invalid: z.number(),
    /** Every data row in file order; a bad file (header, encoding) has one row at line 1 with the problem. */
    rows: z.array(importRowSchema),
  })
  .strict();
export type ProductImportReport = z.infer<typeof productImportReportSchema>;

export const productExportRequestSchema = z.object({ include_archived: z.boolean().optional() }).strict();
export const productExportSchema = z.object({ csv: z.string(), count: z.number(), file_name: z.string() }).strict();
export type ProductExport = z.infer<typeof productExportSchema>;

export const productsChangedSchema = z
  .object({
    action: z.enum(['added', 'updated', 'archived', 'unarchived', 'deleted', 'imported', 'seeded']),
    product_codes: z.array(z.string()),
  })
  .strict();
export type ProductsChanged = z.infer<typeof productsChangedSchema>;
