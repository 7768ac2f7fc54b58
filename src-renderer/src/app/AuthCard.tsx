import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DisplayToggles } from './DisplayToggles';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="auth-screen">
      <div className="auth-toggles">
        <DisplayToggles />
      </div>
      <section className="auth-card" aria-labelledby="auth-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">⚡</span>
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1 id="auth-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
