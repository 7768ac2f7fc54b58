import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A release channel on a loopback HTTP server, as a web server publishing electron-builder's output
 * would serve it: files by path, each one replaceable, the whole server stoppable. Its manifests are
 * signed by a key pair of the test's own (the private key never leaves the test).
 */
export interface ReleaseKey {
  publicPem: string;
  privateKey: KeyObject;
}

export function releaseKey(): ReleaseKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

export const sha512Base64 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

/** electron-builder's latest-linux.yml fields, in the JSON form the terminal reads. */
export function manifestFor(version: string, fileName: string, file: Buffer, releaseDate = '2026-12-01T09:30:00.000Z'): Buffer {
  return Buffer.from(JSON.stringify({ version, files: [{ url: fileName, sha512: sha512Base64(file), size: file.length }], path: fileName, sha512: sha512Base64(file), releaseDate }, null, 2));
}

export const signatureOf = (bytes: Buffer, key: ReleaseKey) => Buffer.from(`${sign(null, bytes, key.privateKey).toString('base64')}\n`);

export interface ReleaseChannel {
  /** The channel folder's URL, ending in a slash. */
  url: string;
  files: Map<string, Buffer>;
  /** Publishes a release: the file, the manifest naming it and the manifest's signature by `key`. */
  publish(version: string, file: Buffer, key: ReleaseKey, fileName?: string): void;
  requests: string[];
  close(): Promise<void>;
}

export async function startChannel(): Promise<ReleaseChannel> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/channel\//, ''));
    requests.push(path);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/channel/`,
    files,
    requests,
    publish(version, file, key, fileName = `GridDesk-${version}.AppImage`) {
      const manifest = manifestFor(version, fileName, file);
      files.set(fileName, file);
      files.set('latest-linux.yml', manifest);
      files.set('latest-linux.yml.sig', signatureOf(manifest, key));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
