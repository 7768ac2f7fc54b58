/**
 * The release owner's side of signed updates (README "Signed updates", resources/release-keys).
 *
 *   npm run release -- keygen --out DIR
 *     A new Ed25519 key pair: DIR/release-private.pem (0600, never overwritten) and
 *     DIR/release-public.pem, which goes into resources/release-keys/ to ship with the next release.
 *
 *   npm run release -- sign --key PRIVATE.pem --file dist/GridDesk-0.2.0.AppImage [--version V] [--platform linux|win32|darwin]
 *     Writes, beside the file, the channel manifest the terminals read (latest-linux.yml, latest.yml
 *     or latest-mac.yml: electron-builder's fields as JSON) and its detached signature (.sig), then
 *     checks both exactly as a terminal will. Publish the folder's three files on the channel.
 *
 * The version defaults to package.json's; the platform follows the file's extension. Human-readable
 * lines first; the LAST line is one JSON object. Exit 0: done. 2: refused (usage, key, file, version).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { version as packageVersion } from '../package.json';
import { bundledReleaseKeys, manifestNameFor, toPublicKeys, verifyManifest } from '../src-main/updates/manifest';
import { isSemver } from '../src-main/updates/version';

const USAGE = [
  'Usage: npm run release -- keygen --out DIR',
  '       npm run release -- sign --key PRIVATE.pem --file INSTALLER [--version V] [--platform linux|win32|darwin]',
].join('\n');

class Refusal extends Error {}

const PLATFORMS = ['linux', 'win32', 'darwin'] as const;
type Platform = (typeof PLATFORMS)[number];

/** What electron-builder makes for each platform, by extension. */
function platformOf(file: string): Platform | null {
  if (/\.(AppImage|deb|rpm|snap)$/i.test(file)) return 'linux';
  if (/\.(exe|msi)$/i.test(file)) return 'win32';
  if (/\.(dmg|zip|pkg)$/i.test(file)) return 'darwin';
  return null;
}

function keygen(out: string | undefined): Record<string, unknown> {
  if (!out) throw new Refusal(USAGE);
  const dir = resolve(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Refusal(`${dir} is not a folder.`);
  const privatePath = join(dir, 'release-private.pem');
  const publicPath = join(dir, 'release-public.pem');
  // An existing private key may be the only one terminals trust: losing it strands every terminal.
  for (const path of [privatePath, publicPath]) if (existsSync(path)) throw new Refusal(`${path} exists; a key pair is never overwritten.`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  console.log(`Private key: ${privatePath} (owner only; keep it offline, with whoever signs releases)`);
  console.log(`Public key:  ${publicPath} (copy it into resources/release-keys/ to ship it with the next release)`);
  return { ok: true, privateKey: privatePath, publicKey: publicPath, fingerprint: fingerprint(publicKey) };
}

/** A short name for a key, to tell keys apart in logs: the start of the SHA-256 of its SPKI bytes. */
function fingerprint(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function readPrivateKey(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Refusal(`Cannot read the key ${path}: ${(err as Error).message}`);
  }
  if (!/PRIVATE KEY/.test(pem)) throw new Refusal(`${path} is not a private key; signing takes the private key of the pair.`);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Refusal(`${path} is not a private key in PEM form.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Refusal(`${path} is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519.`);
  return key;
}

async function sha512Base64(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

async function signRelease(values: { key?: string; file?: string; version?: string; platform?: string }): Promise<Record<string, unknown>> {
  if (!values.key || !values.file) throw new Refusal(USAGE);
  const privateKey = readPrivateKey(resolve(values.key));
  const file = resolve(values.file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Refusal(`${file} is not a file.`);
  const version = values.version ?? packageVersion;
  if (!isSemver(version)) throw new Refusal(`"${version}" is not a semantic version (MAJOR.MINOR.PATCH).`);
  const platform = (values.platform ?? platformOf(file)) as Platform | null;
  if (platform === null) throw new Refusal(`Cannot tell the platform of ${basename(file)}; say it with --platform ${PLATFORMS.join('|')}.`);
  if (!PLATFORMS.includes(platform)) throw new Refusal(`--platform is ${PLATFORMS.join(', ')} or left out, not "${String(values.platform)}".`);

  const fileName = basename(file);
  const size = statSync(file).size;
  if (size === 0) throw new Refusal(`${file} is empty.`);
  const sha512 = await sha512Base64(file);
  const releaseDate = new Date().toISOString();
  // electron-builder's field names; the url is relative, so the channel folder can move as a whole.
  const manifest = Buffer.from(`${JSON.stringify({ version, files: [{ url: fileName, sha512, size }], path: fileName, sha512, releaseDate }, null, 2)}\n`);
  const signature = Buffer.from(`${sign(null, manifest, privateKey).toString('base64')}\n`);

  // Checked as a terminal checks it before anything is written.
  const publicKey = createPublicKey(privateKey);
  const release = verifyManifest(manifest, signature, [publicKey], `https://channel.invalid/${manifestNameFor(platform)}`);
  if (release.fileName !== fileName || release.sha512 !== sha512 || release.bytes !== size) throw new Refusal('The manifest does not read back as written.');

  const manifestPath = join(dirname(file), manifestNameFor(platform));
  writeFileSync(manifestPath, manifest);
  writeFileSync(`${manifestPath}.sig`, signature);
  const keyName = fingerprint(publicKey);
  const bundled = toPublicKeys(bundledReleaseKeys()).some((key) => fingerprint(key) === keyName);
  console.log(`Signed ${fileName} ${version} for ${platform} with key ${keyName}.`);
  console.log(`Publish on the channel: ${fileName}, ${basename(manifestPath)}, ${basename(manifestPath)}.sig`);
  if (!bundled) console.log(`Note: no key in resources/release-keys is ${keyName}; terminals trust this release only once its public key ships with them (or through --release-keys).`);
  return { ok: true, version, platform, file: fileName, bytes: size, sha512, manifest: manifestPath, signature: `${manifestPath}.sig`, key: keyName, bundledKey: bundled };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values } = parseArgs({
      args: rest,
      options: { out: { type: 'string' }, key: { type: 'string' }, file: { type: 'string' }, version: { type: 'string' }, platform: { type: 'string' } },
      strict: true,
    });
    let result: Record<string, unknown>;
    if (command === 'keygen') result = keygen(values.out);
    else if (command === 'sign') result = await signRelease(values);
    else throw new Refusal(USAGE);
    console.log(JSON.stringify(result));
    return 0;
  } catch (err) {
    const message = err instanceof Refusal ? err.message : err instanceof TypeError ? `${err.message}\n${USAGE}` : String(err);
    console.error(message);
    console.log(JSON.stringify({ ok: false, error: message.split('\n')[0] }));
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
