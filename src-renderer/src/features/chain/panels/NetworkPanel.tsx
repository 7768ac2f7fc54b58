import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkInput, NetworkView } from '../../../../../src-shared/contract/chain';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { dayTime } from '../../../ui/format';
import '../../../ui/admin.css';
import '../chain.css';

type Draft = Record<'rpcUrl' | 'chainId' | 'confirmations' | 'maxFeeGwei' | 'maxPriorityFeeGwei' | 'energyToken' | 'paymentToken' | 'settlement', string>;

const EMPTY: Draft = { rpcUrl: 'http://127.0.0.1:8545', chainId: '', confirmations: '2', maxFeeGwei: '50', maxPriorityFeeGwei: '2', energyToken: '', paymentToken: '', settlement: '' };

function draftOf(view: NetworkView): Draft {
  return {
    rpcUrl: view.rpcUrl,
    chainId: String(view.chainId),
    confirmations: String(view.confirmations),
    maxFeeGwei: String(view.maxFeeGwei),
    maxPriorityFeeGwei: String(view.maxPriorityFeeGwei),
    energyToken: view.energyToken ?? '',
    paymentToken: view.paymentToken ?? '',
    settlement: view.settlement ?? '',
  };
}

function inputOf(draft: Draft): NetworkInput {
  const address = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    rpcUrl: draft.rpcUrl.trim(),
    chainId: Number(draft.chainId),
    confirmations: Number(draft.confirmations),
    maxFeeGwei: Number(draft.maxFeeGwei),
    maxPriorityFeeGwei: Number(draft.maxPriorityFeeGwei),
    energyToken: address(draft.energyToken),
    paymentToken: address(draft.paymentToken),
    settlement: address(draft.settlement),
  };
}

/** The administrator's chain network: checked against the node by the core before it is stored. */
export function NetworkPanel() {
  const { t, i18n } = useTranslation();
  const [saved, setSaved] = useState<NetworkView | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('chain.network.get', {}).then((view) => {
      setSaved(view);
      if (view) setDraft(draftOf(view));
    }, setError);
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const view = await call('chain.network.set', inputOf(draft));
      setSaved(view);
      setDraft(draftOf(view));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof Draft, numeric = false) => (
    <label key={name}>
      <span>{t(`chain.network.${name}`)}</span>
      <input name={name} dir="ltr" inputMode={numeric ? 'numeric' : undefined} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </label>
  );

  return (
    <div className="admin-panel">
      <form className="wallet-form" onSubmit={save} aria-label={t('panels.chainNetwork')}>
        {field('rpcUrl')}
        <div className="row">
          {field('chainId', true)}
          {field('confirmations', true)}
        </div>
        <div className="row">
          {field('maxFeeGwei', true)}
          {field('maxPriorityFeeGwei', true)}
        </div>
        {field('energyToken')}
        {field('paymentToken')}
        {field('settlement')}
        <ErrorBanner error={error} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('chain.network.checking') : t('chain.network.save')}
          </button>
        </div>
        <p className="wallet-note" data-testid="network-saved">
          {saved ? t('chain.network.savedBy', { by: saved.updatedBy ?? '—', time: dayTime(saved.updatedAt, i18n.language), chainId: saved.chainId }) : t('chain.network.notSet')}
        </p>
      </form>
    </div>
  );
}
