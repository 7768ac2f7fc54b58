import { describe, expect, it } from 'vitest';
import { isOwnFrameUrl } from '../../src-main/electron/frame-guard';

describe('isOwnFrameUrl', () => {
  it('accepts the packaged renderer page', () => {
    expect(isOwnFrameUrl('file:///opt/GridDesk/resources/app.asar/out/renderer/index.html', undefined)).toBe(true);
  });
  it('refuses any other file', () => {
    expect(isOwnFrameUrl('file:///home/user/Downloads/evil.html', undefined)).toBe(false);
  });
  it('refuses a web page in production', () => {
    expect(isOwnFrameUrl('https://example.com/out/renderer/index.html', undefined)).toBe(false);
  });
  it('accepts only the dev server origin in development', () => {
    expect(isOwnFrameUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isOwnFrameUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
  it('refuses a missing or malformed url', () => {
    expect(isOwnFrameUrl(undefined, undefined)).toBe(false);
    expect(isOwnFrameUrl('not a url', undefined)).toBe(false);
  });
});
