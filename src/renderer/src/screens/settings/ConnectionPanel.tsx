import { useEffect, useState, type FormEvent } from 'react';
import type { AppErrorPayload } from '@shared/errors';
import type { AppMode, ConnectionInfo, ConnectionSave, ConnectionTestResult, CredentialKind } from '@shared/contract';
import {
  checkAppid,
  checkHttpUrl,
  checkLiveUrl,
  checkSecretText,
  checkServiceKey,
  type ConnectionFieldProblem,
} from '@shared/validation/connection-rules';
import { call } from '@renderer/api/call';
import { showRefusal } from '@renderer/api/refusal';
import { ErrorMessage } from '@renderer/components/ErrorMessage';
import { FormField } from '@renderer/components/FormField';
import { OutcomeLine } from '@renderer/components/OutcomeLine';
import { Segmented } from '@renderer/components/Segmented';
import { useAction } from '@renderer/components/use-action';
import { useT } from '@renderer/i18n/use-t';
import { ConnectionLocked, ModeSwitchConfirm, useConnectionAccess } from './ConnectionGuards';
import { SecretStoreNotes } from './SecretStoreNotes';

type SecretField = 'appSecret' | 'accessToken' | 'tokenUrl' | 'serviceKey';
interface Draft {
  mode: AppMode;
  credentialKind: CredentialKind;
  appid: string;
  baseUrl: string;
  secrets: Record<SecretField, string>;
}
type FieldName = 'appid' | 'baseUrl' | SecretField;
type Status = { kind: 'saved' } | { kind: 'tested'; result: ConnectionTestResult };

const EMPTY_SECRETS: Record<SecretField, string> = { appSecret: '', accessToken: '', tokenUrl: '', serviceKey: '' };
const KIND_SECRET: Record<CredentialKind, SecretField> = { secret: 'appSecret', token: 'accessToken', tokenUrl: 'tokenUrl' };
const FIELD_RULE: Record<FieldName, (value: string) => ConnectionFieldProblem | undefined> = {
  appid: checkAppid,
  baseUrl: checkHttpUrl,
  appSecret: checkSecretText,
  accessToken: checkSecretText,
  tokenUrl: checkHttpUrl,
  serviceKey: checkServiceKey,
};

function draftFrom(info: ConnectionInfo): Draft {
  return { mode: info.mode, credentialKind: info.credentialKind, appid: info.appid, baseUrl: info.baseUrl, secrets: { ...EMPTY_SECRETS } };
}

/** Problems per field, for the fields this draft needs. An empty secret is fine when one is already saved. */
function problemsOf(draft: Draft, info: ConnectionInfo): Partial<Record<FieldName, ConnectionFieldProblem>> {
  const problems: Partial<Record<FieldName, ConnectionFieldProblem>> = {};
  const live = draft.mode === 'live';
  const check = (field: FieldName, value: string, required: boolean) => {
    if (value.trim() === '' && !required) return;
    // Live talks https only (loopback http aside); main refuses the same at save and at use.
    const rule = live && (field === 'baseUrl' || field === 'tokenUrl') ? checkLiveUrl : FIELD_RULE[field];
    const problem = rule(value);
    if (problem) problems[field] = problem;
  };
  if (draft.credentialKind === 'secret') check('appid', draft.appid, live);
  check('baseUrl', draft.baseUrl, live);
  const kindSecret = KIND_SECRET[draft.credentialKind];
  check(kindSecret, draft.secrets[kindSecret], live && !info.secretsSet[kindSecret]);
  check('serviceKey', draft.secrets.serviceKey, live && !info.secretsSet.serviceKey);
  return problems;
}

function requestOf(draft: Draft): ConnectionSave {
  const request: ConnectionSave = { mode: draft.mode, credentialKind: draft.credentialKind };
  if (draft.credentialKind === 'secret' && draft.appid.trim() !== '') request.appid = draft.appid.trim();
  if (draft.baseUrl.trim() !== '') request.baseUrl = draft.baseUrl.trim();
  for (const field of Object.keys(EMPTY_SECRETS) as SecretField[]) {
    if (draft.secrets[field] !== '') request[field] = draft.secrets[field];
  }
  return request;
}

/** The saved connection (loaded once) and the draft being edited from it. */
function useSavedConnection(fail: Parameters<typeof showRefusal>[0]) {
  const [info, setInfo] = useState<ConnectionInfo | undefined>();
  const [draft, setDraft] = useState<Draft | undefined>();
  useEffect(() => {
    call('connection.get', {}).then((loaded) => {
      setInfo(loaded);
      setDraft(draftFrom(loaded));
    }, showRefusal(fail));
  }, [fail]);
  return { info, setInfo, draft, setDraft };
}

/** Settings → Connection: mode, credentials and service key; secrets go in, never come back out. */
export function ConnectionPanel() {
  const t = useT();
  const [showProblems, setShowProblems] = useState(false);
  const [status, setStatus] = useState<Status | undefined>();
  const [confirming, setConfirming] = useState(false);
  const access = useConnectionAccess();
  const action = useAction();
  const busy = action.busyKey;
  const { info, setInfo, draft, setDraft } = useSavedConnection(action.fail);

  if (!info || !draft) return action.error ? <ErrorMessage error={action.error} /> : null;
  const problems = problemsOf(draft, info);
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftFrom(info));
  const editable = !info.fromEnvironment && access.editable;

  const update = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setConfirming(false);
    setStatus(undefined);
    action.clearError();
  };
  async function run<T>(kind: 'saving' | 'testing', work: () => Promise<T>): Promise<T | undefined> {
    setStatus(undefined);
    const outcome = await action.run(work, kind);
    return outcome.ok ? outcome.value : undefined;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    if (!draft || !info || Object.keys(problems).length > 0) return;
    // A mode switch goes ahead only once confirmed, with what it changes on screen.
    if (draft.mode !== info.mode) setConfirming(true);
    else void save();
  }

  async function save() {
    if (!draft) return;
    const saved = await run('saving', () => call('connection.save', requestOf(draft)));
    setConfirming(false);
    if (saved) {
      setInfo(saved);
      setDraft(draftFrom(saved));
      setShowProblems(false);
      setStatus({ kind: 'saved' });
    }
  }

  async function test() {
    const result = await run('testing', () => call('connection.test', {}));
    if (result) setStatus({ kind: 'tested', result });
  }

  return (
    <form className="card connection" data-testid="connection-panel" onSubmit={submit} noValidate>
      <h2>{t('connection.title')}</h2>
      {info.fromEnvironment ? <p className="muted">{t('connection.fromEnvironment')}</p> : null}
      {access.editable ? null : <ConnectionLocked reason={access.reason} />}

      <ConnectionChoices draft={draft} editable={editable} update={update} />

      <CredentialFields draft={draft} info={info} editable={editable} problems={showProblems ? problems : {}} update={update} />
      <p className="muted">{t('connection.storedIn', { store: info.secretStore })}</p>
      <SecretStoreNotes info={info} />

      {confirming ? (
        <ModeSwitchConfirm
          to={draft.mode}
          target={draft.baseUrl.trim() || info.baseUrl}
          busy={busy !== undefined}
          onConfirm={() => void save()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {access.editable && !confirming ? <ConnectionActions canSave={editable && dirty} busy={busy} dirty={dirty} onTest={test} /> : null}
      <ConnectionStatus status={status} error={action.error} />
    </form>
  );
}

/** Save and Test; the test uses the saved settings, so it waits for a save. */
function ConnectionActions({
  canSave,
  busy,
  dirty,
  onTest,
}: {
  canSave: boolean;
  busy: string | undefined;
  dirty: boolean;
  onTest: () => Promise<void>;
}) {
  const t = useT();
  return (
    <div className="actions">
      <button type="submit" className="button button--primary" disabled={!canSave || busy !== undefined}>
        {t('connection.save')}
      </button>
      <button type="button" className="button" disabled={busy !== undefined || dirty} onClick={() => void onTest()}>
        {busy === 'testing' ? t('connection.testing') : t('connection.test')}
      </button>
      {dirty ? <span className="muted">{t('connection.testUnsaved')}</span> : null}
    </div>
  );
}

/** Training or live, and which kind of credential: each choice shows its own fields. */
function ConnectionChoices({ draft, editable, update }: { draft: Draft; editable: boolean; update: (change: Partial<Draft>) => void }) {
  const t = useT();
  return (
    <>
      <div className="form-row">
        <span className="form-field__label">{t('connection.mode')}</span>
        <Segmented
          label={t('connection.mode')}
          disabled={!editable}
          options={[
            { value: 'training', label: t('connection.modeTraining') },
            { value: 'live', label: t('connection.modeLive') },
          ]}
          value={draft.mode}
          onChange={(mode) => update({ mode })}
        />
      </div>
      {draft.mode === 'training' ? <p className="muted">{t('connection.trainingNote')}</p> : null}

      <div className="form-row">
        <span className="form-field__label">{t('connection.kind')}</span>
        <Segmented
          label={t('connection.kind')}
          disabled={!editable}
          options={[
            { value: 'secret', label: t('connection.kindSecret') },
            { value: 'token', label: t('connection.kindToken') },
            { value: 'tokenUrl', label: t('connection.kindTokenUrl') },
          ]}
          value={draft.credentialKind}
          onChange={(credentialKind) => update({ credentialKind })}
        />
      </div>
    </>
  );
}

/** One credential or address field; a secret shows only whether one is stored, never its value. */
function CredentialField({
  name,
  label,
  value,
  masked,
  problem,
  info,
  editable,
  onChange,
}: {
  name: FieldName;
  label: string;
  value: string;
  masked: boolean;
  problem: ConnectionFieldProblem | undefined;
  info: ConnectionInfo;
  editable: boolean;
  onChange: (value: string) => void;
}) {
  const t = useT();
  const isSecret = name !== 'appid' && name !== 'baseUrl';
  const placeholder = isSecret ? (info.secretsSet[name] ? t('connection.secretIsSet') : t('connection.secretNotSet')) : undefined;
  return (
    <FormField label={label} problem={problem ? t(`connection.problem.${problem}`) : undefined}>
      <input
        name={name}
        type={masked ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        disabled={!editable}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormField>
  );
}

/** Saved, the test's answer (where and how fast), or main's refusal. */
function ConnectionStatus({ status, error }: { status: Status | undefined; error: AppErrorPayload | undefined }) {
  const t = useT();
  return (
    <OutcomeLine
      className="connection__status"
      testId="connection-status"
      done={
        status?.kind === 'saved'
          ? t('connection.saved')
          : status?.kind === 'tested'
            ? t('connection.testOk', {
                target: status.result.mode === 'training' ? t('connection.targetTraining') : status.result.baseUrl,
                ms: status.result.elapsedMs,
              })
            : undefined
      }
      error={error}
    />
  );
}

/** The fields the chosen credential kind needs, the service key and the base URL; problems only once submitted. */
function CredentialFields({
  draft,
  info,
  editable,
  problems,
  update,
}: {
  draft: Draft;
  info: ConnectionInfo;
  editable: boolean;
  problems: Partial<Record<FieldName, ConnectionFieldProblem>>;
  update: (change: Partial<Draft>) => void;
}) {
  const t = useT();
  const updateSecret = (field: SecretField, value: string) => update({ secrets: { ...draft.secrets, [field]: value } });
  const field = (name: FieldName, label: string, value: string, masked: boolean, onChange: (value: string) => void) => (
    <CredentialField
      name={name}
      label={label}
      value={value}
      masked={masked}
      problem={problems[name]}
      info={info}
      editable={editable}
      onChange={onChange}
    />
  );

  const kindSecret = KIND_SECRET[draft.credentialKind];
  const kindSecretLabel = t(
    kindSecret === 'appSecret' ? 'connection.appSecret' : kindSecret === 'accessToken' ? 'connection.accessToken' : 'connection.tokenUrl',
  );
  return (
    <div className="form-grid">
      {draft.credentialKind === 'secret' ? field('appid', t('connection.appid'), draft.appid, false, (appid) => update({ appid })) : null}
      {field(kindSecret, kindSecretLabel, draft.secrets[kindSecret], kindSecret !== 'tokenUrl', (value) => updateSecret(kindSecret, value))}
      {field('serviceKey', t('connection.serviceKey'), draft.secrets.serviceKey, true, (value) => updateSecret('serviceKey', value))}
      {field('baseUrl', t('connection.baseUrl'), draft.baseUrl, false, (baseUrl) => update({ baseUrl }))}
    </div>
  );
}
