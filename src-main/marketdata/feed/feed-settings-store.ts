import { SecretBox } from '../../store/secret-box';
import { withSecureDelete } from '../../store/secure-rewrite';
import type { Db } from '../../store/database';
import type { StateStore } from '../state-store';
import { DEFAULT_FEED_SETTINGS, type FeedSettings } from './price-feed';

const KEY = 'feed.settings';
const PASSWORD = 'marketdata.feed.password';

/**
 * The price feed's settings in the market-data state, with the password sealed by the SecretBox.
 * Settings an older version stored in clear text are sealed when the store is created, over their
 * old bytes (see withSecureDelete).
 */
export class FeedSettingsStore {
  constructor(
    db: Db,
    private readonly state: StateStore,
    private readonly secrets: SecretBox,
  ) {
    const stored = this.stored();
    if (typeof stored.password === 'string' && !SecretBox.isSealed(stored.password)) withSecureDelete(db, () => this.set(this.get()));
  }

  get(): FeedSettings {
    const stored = this.stored();
    const settings = { ...DEFAULT_FEED_SETTINGS, ...stored };
    return { ...settings, password: this.secrets.openField(settings.password, PASSWORD) };
  }

  /** Inside the caller's write transaction. */
  set(settings: FeedSettings): void {
    this.state.set(KEY, { ...settings, password: this.secrets.sealField(settings.password, PASSWORD) });
  }

  private stored(): Partial<FeedSettings> {
    const stored = this.state.get(KEY);
    return stored && typeof stored === 'object' ? (stored as Partial<FeedSettings>) : {};
  }
}
