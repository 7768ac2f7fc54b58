import { homedir } from 'node:os';
import { join } from 'node:path';

/** The OS's per-user application-data folder, the same one Electron's app.getPath('userData') uses. */
export function defaultDataDir(appName = 'GridDesk', env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appName);
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), appName);
}
