// The dashboard's static files (assets/: index.html, app.js, style.css), committed as written:
// plain browser JavaScript, no bundler, no build step. Read once at start-up from the source
// tree beside dist/ (dist/coordinator/dashboard/ -> coordinator/dashboard/assets/).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  type: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const ASSETS_DIR = fileURLToPath(new URL('../../../coordinator/dashboard/assets/', import.meta.url));

/** path ('/app.js') -> asset; throws naming the directory when it is missing. */
export function loadAssets(dir = ASSETS_DIR): Map<string, Asset> {
  const out = new Map<string, Asset>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new Error(`dashboard assets not found in ${dir}: ${(err as Error).message}`);
  }
  for (const name of names) {
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (type) out.set(`/${name}`, { type, body: readFileSync(`${dir}${name}`) });
  }
  if (!out.has('/index.html')) throw new Error(`dashboard assets in ${dir} lack index.html`);
  return out;
}
