import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: 'src-main/electron/main.ts',
          'core-host': 'src-main/hosts/utility-process.ts',
          serve: 'src-main/hosts/serve.ts',
          // The hosted sync server (README "Hosted sync server"): its own program, deployed apart from terminals.
          'sync-server': 'src-main/sync-server/main.ts',
          // Forecast training runs in a worker thread, loaded from its own file next to the core.
          'forecast-worker': 'src-main/forecast/forecast-worker.ts',
          // The wallet keystore's scrypt runs in a worker thread too (about a second per unlock).
          'keystore-worker': 'src-main/chain/keystore-worker.ts',
          // Database checks and backups run on their own connection in a worker thread.
          'health-worker': 'src-main/health/health-worker.ts',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: bundle the contract (and zod) into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: 'src-preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer', emptyOutDir: true,
      rollupOptions: { input: 'src-renderer/index.html' },
    },
  },
});
