/**
 * The column roles of a code package's lines, shared by the importer (src/main/packages),
 * the contract and the Settings screen, so the mapping IT sets is checked the same way
 * everywhere.
 */
export const COLUMN_ROLES = ['index', 'code', 'code_url', 'extra'] as const;
/** What one column of a line holds; `extra` is kept as text, never interpreted. */
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** Columns a mapping may have: more would be no package anyone has seen. */
export const MAX_MAPPED_COLUMNS = 16;

/** One code_url, at most one index and one code, and at most 16 columns. */
export function isUsableMapping(roles: readonly ColumnRole[]): boolean {
  const count = (role: ColumnRole) => roles.filter((r) => r === role).length;
  return roles.length <= MAX_MAPPED_COLUMNS && count('code_url') === 1 && count('index') <= 1 && count('code') <= 1;
}

/** A mapping as IT types it (`extra,code,index,code_url`; `url` and `+` accepted); undefined when it is not one. */
export function parseColumnMapping(text: string): ColumnRole[] | undefined {
  const names = text
    .trim()
    .toLowerCase()
    .split(/\s*[,+]\s*/);
  const roles = names.map((name) => (name === 'url' ? 'code_url' : name));
  if (!roles.every((role): role is ColumnRole => (COLUMN_ROLES as readonly string[]).includes(role))) return undefined;
  return isUsableMapping(roles) ? roles : undefined;
}

/** How many extra columns a layout as kept in `segments.layout` (`extra+code+index+url`) has; 0 when there is none. */
export function extraColumnsOf(layout: string | null): number {
  return layout === null ? 0 : layout.split('+').filter((role) => role === 'extra').length;
}

/**
 * The width of an export's `extra` column: the most extra columns any imported segment kept
 * (0 means the application has none to export). A segment with fewer leaves the rest empty.
 */
export function extraColumnWidth(segments: readonly { state: string; layout: string | null }[]): number {
  return segments.reduce((most, segment) => (segment.state === 'imported' ? Math.max(most, extraColumnsOf(segment.layout)) : most), 0);
}
