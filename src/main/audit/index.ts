export {
  createAuditLog,
  type AuditBreakReason,
  type AuditEntry,
  type AuditEntryInput,
  type AuditHead,
  type AuditListFilter,
  type AuditLog,
  type AuditLogOptions,
  type AuditVerifyResult,
} from './audit-log';
export type { AuditRow } from './audit-row';
export { compareWithAnchor, isAuditAnchor, type AnchorCheck, type AuditAnchor } from './anchor';
export {
  AUDIT_GENESIS_HASH,
  assertNoSecrets,
  auditEntryHash,
  canonicalAuditEntry,
  canonicalJson,
  looksLikeSecretKey,
  type AuditDetails,
  type AuditHashedFields,
  type JsonValue,
} from './canonical';
