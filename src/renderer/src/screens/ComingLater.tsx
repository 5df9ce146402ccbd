import { useT } from '../i18n/use-t';
import type { Screen } from '../store/app-store';

type PendingScreen = Exclude<Screen, 'settings' | 'batches'>;

/** Says plainly that a screen is not built yet, and shows no invented data. */
export function ComingLater({ screen }: { screen: PendingScreen }) {
  const t = useT();
  return (
    <section className="screen coming-later" data-testid={`screen-${screen}`}>
      <h1>{t('comingLater.title', { screen: t(`nav.${screen}`) })}</h1>
      <p>{t(`comingLater.${screen}`)}</p>
      <p className="muted">{t('comingLater.body')}</p>
    </section>
  );
}
