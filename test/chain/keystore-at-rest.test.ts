import { encryptKeystoreJson, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { openHarness, removeDir, tempDir, withAdmin, withStore, withUser } from '../helpers/core';

/**
 * A wallet's keystore at rest: encrypted by its owner's password and sealed again by the
 * terminal's key, so the database file alone holds nothing to guess the password against.
 */

const PASSWORD = 'wallet password 1';
const CHAIN = { scryptN: 1_024 };
const storedKeystore = (dataDir: string) => withStore({ dataDir }, (db) => db.prepare('SELECT keystore FROM chain_wallets').pluck().get() as string);

describe('a wallet keystore at rest', () => {
  it("is sealed by the terminal's key: the file shows neither the keystore nor its address", async () => {
    const harness = openHarness(undefined, undefined, { chain: CHAIN });
    try {
      const admin = await withAdmin(harness);
      const tom = await withUser(harness, admin, 'tom', 'trader');
      const wallet = Wallet.createRandom();
      await tom.ok('chain.wallet.import', { kind: 'key', privateKey: wallet.privateKey, password: PASSWORD, label: 'Main' });
      harness.core.checkpoint();
      const stored = storedKeystore(harness.dataDir);
      expect(stored.startsWith('enc:v1:')).toBe(true);
      expect(stored.toLowerCase()).not.toContain(wallet.address.slice(2).toLowerCase());
      expect(stored).not.toContain('scrypt');
      // Sealed or not, the owner's password is what opens it.
      await tom.ok('chain.wallet.unlock', { password: PASSWORD });
    } finally {
      harness.close();
      removeDir(harness.dataDir);
    }
  });

  it('written in clear by an older version, is sealed at the next start and still opens with its password', async () => {
    const dataDir = tempDir();
    const first = openHarness(dataDir, undefined, { chain: CHAIN });
    const wallet = Wallet.createRandom();
    try {
      const admin = await withAdmin(first);
      const tom = await withUser(first, admin, 'tom', 'trader');
      await tom.ok('chain.wallet.import', { kind: 'key', privateKey: wallet.privateKey, password: PASSWORD, label: 'Main' });
    } finally {
      first.close();
    }
    // What an older version stored: the keystore JSON itself.
    const clear = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, PASSWORD, { scrypt: { N: 1_024 } });
    withStore({ dataDir }, (db) => db.prepare('UPDATE chain_wallets SET keystore = ?').run(clear));

    const second = openHarness(dataDir, undefined, { chain: CHAIN });
    try {
      expect(storedKeystore(dataDir).startsWith('enc:v1:')).toBe(true);
      const tom = second.connect();
      await tom.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
      await tom.ok('chain.wallet.unlock', { password: PASSWORD });
    } finally {
      second.close();
      removeDir(dataDir);
    }
  });
});
