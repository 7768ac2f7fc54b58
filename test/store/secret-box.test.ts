import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretKeyError } from '../../src-main/store/secret-box';

const box = new SecretBox(randomBytes(32));

describe('SecretBox', () => {
  it('seals to enc:v1: with a fresh IV each time, and opens back to the clear text', () => {
    const a = box.seal('s3cret', 'devices.broker.password');
    const b = box.seal('s3cret', 'devices.broker.password');
    expect(a).toMatch(/^enc:v1:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(box.open(a, 'devices.broker.password')).toBe('s3cret');
  });

  it('refuses a sealed value moved into another field', () => {
    const sealed = box.seal('s3cret', 'devices.broker.tls.key');
    expect(() => box.open(sealed, 'devices.broker.password')).toThrowError(SecretKeyError);
  });

  it('refuses a tampered value without echoing any of it', () => {
    const sealed = box.seal('s3cret', 'p');
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    const tampered = `enc:v1:${raw.toString('base64')}`;
    expect(() => box.open(tampered, 'p')).toThrowError(/^The stored p cannot be decrypted with this terminal's key\.$/);
  });

  it("refuses a value sealed with another terminal's key", () => {
    const other = new SecretBox(randomBytes(32)).seal('s3cret', 'p');
    expect(() => box.open(other, 'p')).toThrowError(SecretKeyError);
  });
});
