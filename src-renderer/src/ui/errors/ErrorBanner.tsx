import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';
import './error-banner.css';

interface Props {
  /**
   * What went wrong: a caught error, worded here so it follows a language switch, or a message the
   * panel already put into words. Nothing is shown for null or undefined.
   */
  error: unknown;
  /** With it, the banner has a ✕ that hides it; without, it stays until the panel clears it. */
  onDismiss?: () => void;
  /** Extra classes for the plain (not dismissible) form, e.g. `empty` for a panel's padding. */
  className?: string;
}

/** A failure shown where it happened, in the place a panel keeps for it. */
export function ErrorBanner({ error, onDismiss, className }: Props) {
  const { t, i18n } = useTranslation();
  if (error === null || error === undefined || error === '') return null;
  const text = typeof error === 'string' ? error : errorText(error, t, i18n.language);
  if (onDismiss) {
    return (
      <div className="error-banner" role="alert">
        <span>{text}</span>
        <button type="button" className="link" onClick={onDismiss} aria-label={t('common.dismiss')}>
          ✕
        </button>
      </div>
    );
  }
  return (
    <p className={className ? `error ${className}` : 'error'} role="alert">
      {text}
    </p>
  );
}
