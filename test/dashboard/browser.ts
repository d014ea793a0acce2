// A real headless browser for the dashboard tests: Debian's chromium driven by playwright-core
// (no browser download: SHARDCAST_CHROMIUM or /usr/bin/chromium; the Makefile installs it).
// The flags keep chromium off the network (this machine's network refuses its background calls).
// The dashboard of a test cluster serves HTTPS with a certificate from the cluster's throwaway CA,
// which the browser cannot be told to trust: certificate errors are ignored in tests only.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.SHARDCAST_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found: apt-get install -y chromium (make test does it as root), or set SHARDCAST_CHROMIUM`;
}

/** A browser with a fresh profile; close() removes it. */
export async function openBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'shardcast-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true, ignoreHTTPSErrors: true, viewport: { width: 1440, height: 1080 } });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
