import type { AppError } from '../../shared/errors';
import { verificationErrors } from '../../shared/error-catalogue/verification';
import { productErrors } from '../../shared/error-catalogue/products';
import type { StartSessionRequest } from '../../shared/verification-contract';
import type { CoveringActivation, ProductFacts } from './rows';

/** States of an activation a session may pack: live ones (not failed, cancelled, …). */
const PACKABLE_STATES: readonly string[] = ['pending', 'sending', 'active'];

/**
 * Why a session cannot start with this product and (optional) activation, if it cannot:
 * the product must exist and not be archived; a named activation must exist, be live and be of that product.
 */
export function sessionStartProblem(
  request: Pick<StartSessionRequest, 'product_code' | 'activation_id'>,
  product: ProductFacts | undefined,
  activation: Pick<CoveringActivation, 'state' | 'product_code'> | undefined,
): AppError | undefined {
  const { product_code } = request;
  if (!product) return productErrors.PRODUCT_NOT_FOUND({ product_code });
  if (product.archived_at) return verificationErrors.VERIFY_PRODUCT_ARCHIVED({ product_code });
  const activationId = request.activation_id;
  if (activationId === undefined) return undefined;
  if (!activation) return verificationErrors.VERIFY_ACTIVATION_UNKNOWN({ activation_id: activationId });
  if (!PACKABLE_STATES.includes(activation.state)) {
    return verificationErrors.VERIFY_ACTIVATION_UNUSABLE({ activation_id: activationId, state: activation.state });
  }
  if (activation.product_code !== product_code) {
    return verificationErrors.VERIFY_ACTIVATION_OTHER_PRODUCT({
      activation_id: activationId,
      product_code: activation.product_code,
      requested_product: product_code,
    });
  }
  return undefined;
}
