/** Schemas of the package-layout and package-inspect channels (part of the one contract in contract.ts). */
import { z } from 'zod';
import { errorPayloadSchema } from './batches-contract';
import { COLUMN_ROLES, isUsableMapping } from './package-layout';

export const columnRoleSchema = z.enum(COLUMN_ROLES);
/** A column mapping IT sets by hand: one code_url, at most one index and one code. */
export const columnMappingSchema = z.array(columnRoleSchema).min(1).refine(isUsableMapping, { message: 'not a usable mapping' });

export const packageLayoutSchema = z
  .object({
    /** The Service Account the mapping belongs to (`training` or `live:<appid>`). */
    account: z.string(),
    /** Null: the importer detects the columns. */
    columns: columnMappingSchema.nullable(),
  })
  .strict();
export type PackageLayoutInfo = z.infer<typeof packageLayoutSchema>;

export const packageLayoutSaveSchema = z.object({ columns: columnMappingSchema.nullable() }).strict();

export const segmentRefSchema = z
  .object({ application_id: z.number().int().nonnegative(), code_start: z.number().int().nonnegative() })
  .strict();

const columnReportSchema = z
  .object({
    position: z.number(),
    role: columnRoleSchema.nullable(),
    minLength: z.number(),
    maxLength: z.number(),
    characters: z.enum(['digits', 'qr', 'text']),
    slash: z.boolean(),
    /** Masked: first and last character only. */
    examples: z.array(z.string()),
  })
  .strict();

export const packageInspectionSchema = z
  .object({
    range: z.object({ applicationId: z.number(), codeStart: z.number(), codeEnd: z.number() }).strict(),
    structure: z
      .object({
        bytes: z.number(),
        sha256: z.string(),
        lines: z.number(),
        bom: z.boolean(),
        lineEnding: z.enum(['lf', 'crlf', 'mixed', 'none']),
        header: z.string().nullable(),
        separator: z.enum(['comma', 'semicolon', 'tab', 'spaces']).nullable(),
        columns: z.array(columnReportSchema),
      })
      .strict()
      .nullable(),
    mapping: z.array(columnRoleSchema).nullable(),
    verdict: z.union([
      z.object({ ok: z.literal(true), layout: z.string(), count: z.number() }).strict(),
      z.object({ ok: z.literal(false), error: errorPayloadSchema }).strict(),
    ]),
  })
  .strict();
export type PackageInspectionInfo = z.infer<typeof packageInspectionSchema>;
