// The committed ONNX model: loads in onnxruntime-node, is small, opset <= 17, matches its
// metadata, and computes the same numbers as the TypeScript reference implementation.
import test from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { IO, IR_VERSION, OPSET, buildGraph, paramsFromModel } from '../../models/export.js';
import { initParams, roundToFloat32 } from '../../models/net.js';
import { readHeader } from '../../models/onnx/builder.js';
import { defaultModelPath, readMetadata } from '../../models/metadata.js';
import { writeContext } from '../../models/prepare.js';
import { referenceForecast } from '../../models/reference.js';
import { Rng } from '../../models/rng.js';
import { N_QUANTILES, TRAINED_QUANTILES, contextLength } from '../../models/spec.js';

const modelPath = defaultModelPath();
const bytes = readFileSync(modelPath);

test('the committed model is small, opset <= 17, and matches forecaster.json', (t) => {
  t.true(statSync(modelPath).size < 5 * 1024 * 1024);
  const header = readHeader(bytes);
  t.true(header.opset <= 17, `opset ${header.opset}`);
  t.is(header.opset, OPSET);
  t.is(header.irVersion, IR_VERSION);
  const meta = readMetadata(modelPath);
  t.is(meta.sha256, createHash('sha256').update(bytes).digest('hex'));
  t.true(meta.version.endsWith(meta.sha256.slice(0, 12)));
  t.deepEqual(meta.quantiles, [...TRAINED_QUANTILES]);
  t.deepEqual(meta.inputs.map((i) => i.name), [IO.history, IO.historyLength, IO.season, IO.horizon]);
});

/** Series of many shapes: seasonal, trending, counts, negative, short (padded), constant. */
function testSeries(rng: Rng, season: number, n: number): Float64Array[] {
  const C = contextLength(season);
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const len = i % 4 === 0 ? Math.max(2 * season, 8) + rng.int(0, season) : C + rng.int(0, 50);
    const level = rng.logUniform(0.5, 5000);
    const kind = i % 5;
    out.push(Float64Array.from({ length: len }, (_, k) => {
      const s = Math.sin((2 * Math.PI * k) / season);
      if (kind === 0) return Math.round(level * (1 + 0.5 * s) + rng.poisson(3)); // counts
      if (kind === 1) return level * (1 + 0.01 * k) + rng.normal() * level * 0.05; // trend
      if (kind === 2) return level * s + rng.normal(); // crosses zero
      if (kind === 3) return 7; // constant
      return level * Math.exp(0.3 * s) * (1 + 0.2 * rng.normal()) ** 2;
    }));
  }
  return out;
}

async function compare(t: import('ava').ExecutionContext, session: ort.InferenceSession, params: ReturnType<typeof paramsFromModel>, rng: Rng): Promise<void> {
  for (const S of [1, 4, 7, 12, 24, 52, 288]) {
    const H = S === 288 ? 300 : Math.max(2 * S, 24);
    const series = testSeries(rng, S, 10);
    const C = contextLength(S);
    const N = series.length;
    const history = new Float32Array(C * N);
    series.forEach((s, n) => writeContext(s, S, history, n * C));
    const out = await session.run({
      [IO.history]: new ort.Tensor('float32', history, [N, C]),
      [IO.historyLength]: new ort.Tensor('int64', BigInt64Array.from(series.map((s) => BigInt(s.length))), [N]),
      [IO.season]: new ort.Tensor('int64', BigInt64Array.from([BigInt(S)]), [1]),
      [IO.horizon]: new ort.Tensor('int64', BigInt64Array.from([BigInt(H)]), [1]),
    });
    const got = out[IO.quantiles]!;
    t.deepEqual(got.dims, [N, H, N_QUANTILES]);
    // The reference reads the same float32 context the graph reads.
    const contexts = series.map((_, n) => Float64Array.from(history.subarray(n * C, (n + 1) * C)));
    const want = referenceForecast(params, contexts, S, H, series.map((s) => s.length));
    const data = got.data as Float32Array;
    let worst = 0;
    series.forEach((s, n) => {
      let scale = 0;
      for (const v of s) scale += Math.abs(v) / s.length;
      for (let k = 0; k < H * N_QUANTILES; k++) {
        const i = n * H * N_QUANTILES + k;
        const diff = Math.abs(data[i]! - want[i]!);
        // Counts are rounded: a value within float error of .5 may round either way.
        const tol = 1e-4 * Math.max(scale, 1) + (n % 5 === 0 ? 1 : 0);
        worst = Math.max(worst, diff / Math.max(scale, 1));
        if (diff > tol) t.fail(`S=${S} series ${n} cell ${k}: onnx ${data[i]} vs reference ${want[i]}`);
      }
      // Quantiles never cross.
      for (let h = 0; h < H; h++) for (let q = 1; q < N_QUANTILES; q++) {
        const base = n * H * N_QUANTILES + h * N_QUANTILES;
        if (data[base + q]! < data[base + q - 1]!) t.fail(`S=${S} series ${n} step ${h}: quantiles cross`);
      }
    });
    t.log(`S=${S}: worst |onnx - reference| / series scale = ${worst.toExponential(2)}`);
  }
  t.pass();
}

test('the committed model computes what the TypeScript reference computes', async (t) => {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  await compare(t, session, paramsFromModel(bytes), new Rng(11));
  await session.release();
});

test('the exporter reproduces the reference for freshly initialised weights too', async (t) => {
  const rng = new Rng(5);
  const params = roundToFloat32(initParams(16, rng));
  for (const key of ['w2', 'ws', 'b2'] as const) for (let i = 0; i < params[key].length; i++) params[key][i] = Math.fround(0.2 * rng.normal());
  const model = buildGraph(params).encode({ opset: OPSET, irVersion: IR_VERSION, producer: 'test', producerVersion: '0', docString: '', props: {} });
  t.deepEqual(Array.from(paramsFromModel(model).w1), Array.from(params.w1), 'weights survive the round trip');
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  await compare(t, session, params, new Rng(6));
  await session.release();
});
