import { useT } from '../i18n/use-t';

export function TrainingBanner() {
  const t = useT();
  return (
    <div className="training-banner" role="status" data-testid="training-banner">
      {t('banner.training')}
    </div>
  );
}
