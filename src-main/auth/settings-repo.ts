import type { TotpRequirement } from '../../src-shared/contract/auth';
import type { Db } from '../store/database';

export interface AuthSettings {
  requireTotp: TotpRequirement;
  minPasswordLength: number;
}

/** The administrators' sign-in settings: one row of `auth_settings` (migrations 0013 and 0014). */
export class AuthSettingsRepo {
  private readonly read;
  private readonly write;

  constructor(db: Db) {
    this.read = db.prepare('SELECT require_totp AS requireTotp, min_password_length AS minPasswordLength FROM auth_settings WHERE id = 1');
    this.write = db.prepare('UPDATE auth_settings SET require_totp = :requireTotp, min_password_length = :minPasswordLength WHERE id = 1');
  }

  get(): AuthSettings {
    return (this.read.get() as AuthSettings | undefined) ?? { requireTotp: 'nobody', minPasswordLength: 10 };
  }

  set(settings: AuthSettings): void {
    this.write.run(settings);
  }
}
