// The labelled anomaly series under <data>/anomaly, loaded for `shardcast anomaly eval`:
// - ms_cloud_monitoring: 60 univariate production series (TimeStamp,Value,Label): the tuning set;
// - smd_subset and asd test files, used univariately: one series per (machine, metric) that the
//   interpretation labels name at least once, labelled where the machine is labelled AND the
//   segment names that metric (metrics are 1-based there). Held out: never used for choosing.
// I/O lives here, not in core/: core/anomaly scores arrays.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { csvRecords } from './csv.js';

export interface LabelledSeries {
  id: string;
  set: 'ms_cloud' | 'smd' | 'asd';
  values: Float64Array;
  labels: Uint8Array;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.length > 0);
}

export function loadMsCloud(dir: string): LabelledSeries[] {
  const root = join(dir, 'ms_cloud_monitoring', 'data');
  if (!existsSync(root)) return [];
  const out: LabelledSeries[] = [];
  for (const domain of readdirSync(root).sort()) {
    for (const f of readdirSync(join(root, domain)).filter((x) => x.endsWith('.csv')).sort()) {
      // Some files quote every cell and end lines with CRLF: parse as CSV proper.
      const rows = [...csvRecords(readFileSync(join(root, domain, f), 'utf8'))].slice(1).map((r) => r.cells.map((c) => c.text));
      const ok = rows.filter((r) => r[1] !== undefined && r[1].trim() !== '' && Number.isFinite(Number(r[1])));
      out.push({
        id: `${domain}/${f.replace(/\.csv$/, '')}`,
        set: 'ms_cloud',
        values: Float64Array.from(ok, (r) => Number(r[1])),
        labels: Uint8Array.from(ok, (r) => (Number(r[2]) ? 1 : 0)),
      });
    }
  }
  return out;
}

/** SMD or ASD test files, one univariate series per labelled metric. */
export function loadMultivariate(dir: string, sub: 'smd_subset' | 'asd'): LabelledSeries[] {
  const root = join(dir, sub);
  if (!existsSync(root)) return [];
  const out: LabelledSeries[] = [];
  for (const f of readdirSync(root).filter((x) => x.endsWith('_test.csv.gz')).sort()) {
    const machine = f.replace(/_test\.csv\.gz$/, '');
    const interp = join(root, 'interpretation_label', `${machine}.txt`);
    if (!existsSync(interp)) continue;
    const rows = lines(gunzipSync(readFileSync(join(root, f))).toString('utf8'));
    const header = rows[0]!.split(',');
    const labelCol = header.indexOf('label');
    const data = rows.slice(1).map((l) => l.split(','));
    const n = data.length;
    const named = new Map<number, Uint8Array>();
    for (const l of lines(readFileSync(interp, 'utf8'))) {
      const m = /^(\d+)-(\d+):(.*)$/.exec(l.trim());
      if (!m) continue;
      const a = Number(m[1]);
      const b = Number(m[2]);
      for (const d of m[3]!.split(',').map(Number)) {
        const col = header.indexOf(`m${d - 1}`);
        if (col < 0) continue;
        let lab = named.get(col);
        if (!lab) named.set(col, (lab = new Uint8Array(n)));
        for (let i = a; i <= Math.min(b, n - 1); i++) if (Number(data[i]![labelCol]) === 1) lab[i] = 1;
      }
    }
    for (const [col, labels] of [...named].sort((x, y) => x[0] - y[0])) {
      out.push({ id: `${machine}/${header[col]}`, set: sub === 'asd' ? 'asd' : 'smd', values: Float64Array.from(data, (r) => Number(r[col])), labels });
    }
  }
  return out;
}
