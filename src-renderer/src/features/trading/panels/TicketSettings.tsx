import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMw, parseMw } from '../../../ui/units';
import { usePrefs } from '../../prefs/public';

/** The user's own size above which the ticket asks "are you sure?" before sending. */
export function TicketSettings() {
  const { t } = useTranslation();
  const confirmAboveKw = usePrefs((s) => s.confirmAboveKw);
  const setConfirmAbove = usePrefs((s) => s.setConfirmAbove);
  const [text, setText] = useState(confirmAboveKw === null ? '' : formatMw(confirmAboveKw));
  const parsed = text.trim() === '' ? null : parseMw(text);
  const invalid = text.trim() !== '' && (parsed === null || parsed <= 0);

  return (
    <details className="ticket-settings">
      <summary>{t('ticket.settings.title')}</summary>
      <label className="field">
        <span>{t('ticket.settings.confirmAbove')}</span>
        <input
          name="confirmAbove"
          inputMode="decimal"
          dir="ltr"
          aria-invalid={invalid}
          value={text}
          placeholder={t('ticket.settings.never')}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => {
            if (!invalid) setConfirmAbove(parsed);
          }}
        />
      </label>
      {invalid && <p className="error">{t('ticket.errors.quantity', { lot: '0.1' })}</p>}
    </details>
  );
}
