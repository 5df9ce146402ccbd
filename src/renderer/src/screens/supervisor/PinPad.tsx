import { useT } from '@renderer/i18n/use-t';

const PAD_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** The unlock dialog's on-screen pad for a touch screen: digits, clear, backspace. */
export function PinPad({ pin, busy, onEdit }: { pin: string; busy: boolean; onEdit: (pin: string) => void }) {
  const t = useT();
  // The pad keeps the focus in the PIN field, so the keyboard keeps working too.
  const keepFocus = (event: { preventDefault(): void }) => event.preventDefault();
  const padButton = (label: string, onPress: () => void, className = 'pin-pad__key', ariaLabel?: string) => (
    <button
      key={label}
      type="button"
      className={className}
      aria-label={ariaLabel}
      disabled={busy}
      onMouseDown={keepFocus}
      onClick={onPress}
    >
      {label}
    </button>
  );
  return (
    <div className="pin-pad" role="group" aria-label={t('supervisor.unlock.pad')}>
      {PAD_DIGITS.map((digit) => padButton(digit, () => onEdit(pin + digit)))}
      {padButton(t('supervisor.unlock.clear'), () => onEdit(''), 'pin-pad__key pin-pad__key--small')}
      {padButton('0', () => onEdit(pin + '0'))}
      {padButton('⌫', () => onEdit(pin.slice(0, -1)), 'pin-pad__key pin-pad__key--small', t('supervisor.unlock.backspace'))}
    </div>
  );
}
