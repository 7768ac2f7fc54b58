import { useTranslation } from 'react-i18next';
import { TotpEnrolment, useSession } from '../features/auth/public';
import { AuthCard } from './AuthCard';

/** The administrators require two-factor sign-in and this account has none yet: nothing else opens first. */
export function EnrolScreen() {
  const { t } = useTranslation();
  const enrolled = useSession((s) => s.enrolled);
  const logout = useSession((s) => s.logout);
  return (
    <AuthCard title={t('auth.totp.requiredTitle')}>
      <p className="notice">{t('auth.totp.requiredIntro')}</p>
      <TotpEnrolment onDone={enrolled} />
      <button type="button" className="link" onClick={() => void logout()}>
        {t('common.signOut')}
      </button>
    </AuthCard>
  );
}
