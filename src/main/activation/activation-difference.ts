import type { ProductDetails } from '../../shared/products-contract';
import type { ActivationInfo } from '../wechat';
import type { ActivationRow } from './activation-store';

/** What the ledger says an activation is: its range and the product details it sent. */
export type ActivationFacts = Pick<ActivationRow, 'application_id' | 'code_start' | 'code_end'> & ProductDetails;

/** The fields where the service's answer and the ledger's activation differ (first one), if any. */
export function firstDifference(
  remote: ActivationInfo,
  local: ActivationFacts,
): { field: string; theirs: unknown; ours: unknown } | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['application_id', remote.application_id, local.application_id],
    ['code_start', remote.code_start, local.code_start],
    ['code_end', remote.code_end, local.code_end],
    ['product_code', remote.product_code, local.product_code],
    ['product_title', remote.product_title, local.product_title],
    ['product_brand', remote.product_brand, local.product_brand],
    ['activity_name', remote.activity_name, local.activity_name],
    ['wxa_appid', remote.wxa_appid, local.wxa_appid],
    ['wxa_path', remote.wxa_path, local.wxa_path],
    ['wxa_type', remote.wxa_type, local.wxa_type],
  ];
  // A field the service leaves out says nothing either way.
  const found = pairs.find(([, theirs, ours]) => theirs !== undefined && theirs !== ours);
  return found ? { field: found[0], theirs: found[1], ours: found[2] } : undefined;
}
