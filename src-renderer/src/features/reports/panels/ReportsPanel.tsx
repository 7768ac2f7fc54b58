import { DateTime } from 'luxon';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HOME_AREA, zoneOfArea } from '../../../../../src-shared/domain/market-areas';
import { call } from '../../../transport/client';
import { download } from '../../../ui/export/table-export';
import { errorText } from '../../../ui/errors/error-text';
import { isLanguage } from '../../../ui/i18n/languages';
import { ScopePicker, useRisk } from '../../risk/public';
import '../../../ui/analysis-panel.css';

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
  return out;
}

/** The daily P&L and risk report of a book, as PDF (with charts) or XLSX, with the screens' figures. */
/** Reports are of the home area's delivery days (the core's daily report is too), so today is its today. */
export function ReportsPanel() {
  const { t, i18n } = useTranslation();
  const { scope, mark, setScope } = useRisk();
  const [date, setDate] = useState(() => DateTime.now().setZone(zoneOfArea(HOME_AREA)).toISODate() ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function fetchReport(format: 'pdf' | 'xlsx') {
    setBusy(true);
    try {
      const file = await call('reports.daily', { ...scope, date, format, mark, language: isLanguage(i18n.language) ? i18n.language : 'en' });
      download(file.filename, bytesOf(file.base64), file.mime);
      setMessage({ ok: true, text: t('reports.reportReady', { name: file.filename, size: Math.ceil(file.bytes / 1024) }) });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="analysis-panel">
      <div className="analysis-toolbar">
        <ScopePicker scope={scope} onChange={setScope} />
        <label className="analysis-inline">
          <span className="muted">{t('reports.reportDate')}</span>
          <input type="date" name="reportDate" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="button" disabled={busy || !date} onClick={() => void fetchReport('pdf')}>
          {t('reports.downloadPdf')}
        </button>
        <button type="button" disabled={busy || !date} onClick={() => void fetchReport('xlsx')}>
          {t('reports.downloadXlsx')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
