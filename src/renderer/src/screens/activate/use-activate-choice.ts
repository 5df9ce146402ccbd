import { useEffect, useMemo } from 'react';
import { useActivationStore } from '@renderer/store/activation-store';
import { useBatchesStore } from '@renderer/store/batches-store';

/** The application and product chosen: only applications with imported codes can be activated; the newest is the default. */
export function useActivateChoice() {
  const applications = useBatchesStore((state) => state.applications);
  const products = useActivationStore((state) => state.products);
  const chosenApplication = useActivationStore((state) => state.applicationId);
  const productCode = useActivationStore((state) => state.productCode);
  const eligible = useMemo(() => applications.filter((item) => item.application_id !== null && item.codes_imported > 0), [applications]);
  const application = eligible.find((item) => item.application_id === chosenApplication) ?? eligible[0];
  const product = products.find((item) => item.product_code === productCode);
  return { eligible, application, applicationId: application?.application_id ?? undefined, product };
}

/** Lists the applications and products on mount and keeps them live while the screen is shown. */
export function useActivateData() {
  const loadList = useBatchesStore((state) => state.loadList);
  const subscribeBatches = useBatchesStore((state) => state.subscribe);
  const loadProducts = useActivationStore((state) => state.loadProducts);
  const subscribeProducts = useActivationStore((state) => state.subscribeProducts);
  useEffect(() => {
    const unsubscribers = [subscribeBatches(), subscribeProducts()];
    void loadList();
    void loadProducts();
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [subscribeBatches, subscribeProducts, loadList, loadProducts]);
}
