import type { ConnectionInfo } from '@shared/contract';
import type { MessageKey } from '@renderer/i18n/en';
import { useT } from '@renderer/i18n/use-t';

const NOTICE_TEXT: Record<ConnectionInfo['secretNotices'][number]['kind'], MessageKey> = {
  moved: 'connection.secretsMoved',
  'left-behind': 'connection.secretsLeftBehind',
  'set-aside': 'connection.secretsSetAside',
};

/** How saved secrets are protected here, and what happened to older secret files: a missing keychain is never silent. */
export function SecretStoreNotes({ info }: { info: Pick<ConnectionInfo, 'secretProtection' | 'secretNotices'> }) {
  const t = useT();
  return (
    <>
      {info.secretProtection === 'owner-only-file' ? (
        <p className="secret-store-warning" role="alert" data-testid="secret-store-warning">
          {t('connection.secretsPlainFile')}
        </p>
      ) : null}
      {info.secretProtection === 'keychain' ? <p className="muted">{t('connection.secretsKeychain')}</p> : null}
      {info.secretNotices.map((notice) => (
        <p key={`${notice.kind}:${notice.file}`} className="muted" data-testid="secret-store-notice">
          {t(NOTICE_TEXT[notice.kind], { file: notice.file })}
        </p>
      ))}
    </>
  );
}
