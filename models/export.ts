// Builds the forecaster as one ONNX graph (opset 17): per-series statistics, window means, lag
// lookups, the network and the output clean-up all run inside the graph, mirroring
// features.ts / net.ts / reference.ts step by step (preprocessing in float64, network in float32).
import { DT, GraphBuilder, readInitializers } from './onnx/builder.js';
import type { NetParams } from './net.js';
import {
  COMMON_WINDOWS, DAILY_SEASONS, DEFAULT_FEATURE_CLIP, DEFAULT_HORIZON_REF, DEFAULT_MIN_WINDOW,
  DEFAULT_SCALE_FLOOR, DEFAULT_SEASON_REF, K, KS, KW, SHIFT_FLOOR, SHIFT_SIGMA, M1_INDEX, M2_INDEX, MEDIAN_INDEX, N_COMMON, N_ENC,
  N_QUANTILES, N_STEP, P,
} from './spec.js';

export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17. */
export const IR_VERSION = 8;

/** Graph input and output names (also recorded in forecaster.json). */
export const IO = {
  history: 'history',
  historyLength: 'history_length',
  season: 'season',
  horizon: 'horizon',
  quantiles: 'quantiles',
} as const;

/**
 * The graph transposes its input [N, C] and works series-last ([rows, N]), so every lookup
 * copies a contiguous row of N values and every elementwise op runs over long vectors; the
 * output is transposed back to [N, H, Q].
 */
export function buildGraph(params: NetParams): GraphBuilder {
  const g = new GraphBuilder();
  const Q = N_QUANTILES;
  const Hd = params.hidden;
  const history = g.input(IO.history, DT.FLOAT, ['N', 'C']);
  const historyLength = g.input(IO.historyLength, DT.INT64, ['N']);
  const seasonIn = g.input(IO.season, DT.INT64, [1]);
  const horizonIn = g.input(IO.horizon, DT.INT64, [1]);

  const d = (v: number) => g.f64('c', [], [v]);
  const d1 = (v: number) => g.f64('c', [1], [v]);
  const f = (v: number) => g.f32('c', [], [v]);
  const toI64 = (x: string) => g.op('Cast', [x], { to: DT.INT64 });
  const toD = (x: string) => g.op('Cast', [x], { to: DT.DOUBLE });
  const toF = (x: string) => g.op('Cast', [x], { to: DT.FLOAT });
  const add = (a: string, b: string) => g.op('Add', [a, b]);
  const sub = (a: string, b: string) => g.op('Sub', [a, b]);
  const mul = (a: string, b: string) => g.op('Mul', [a, b]);
  const div = (a: string, b: string) => g.op('Div', [a, b]);
  const mm = (a: string, b: string) => g.op('MatMul', [a, b]);
  const unsq = (x: string, axes: number[]) => g.op('Unsqueeze', [x, g.i64('axes', [axes.length], axes)]);
  const i64max = g.i64('big', [1], [Number.MAX_SAFE_INTEGER]);
  const axis0 = g.i64('axis0', [1], [0]);
  /** Rows [start, end) of a [rows, N] tensor; start/end are float64 [1] tensors, no end = to the last. */
  const sliceRows = (x: string, startD: string, endD?: string) => g.op('Slice', [x, toI64(startD), endD ? toI64(endD) : i64max, axis0]);
  const clipD = (x: string) => g.op('Clip', [x, d(-DEFAULT_FEATURE_CLIP), d(DEFAULT_FEATURE_CLIP)]);
  const clipF = (x: string) => g.op('Clip', [x, f(-DEFAULT_FEATURE_CLIP), f(DEFAULT_FEATURE_CLIP)]);
  const rows = (x: string, idxD: string) => g.op('Gather', [x, toI64(idxD)], { axis: 0 });

  // Sizes and the season-derived quantities (float64 scalars / [1] vectors).
  const xD = toD(g.op('Transpose', [history], { perm: [1, 0] })); // [C, N]
  const C = toD(g.op('Gather', [g.op('Shape', [history]), g.i64('one', [], [1])], { axis: 0 })); // scalar
  const t = sub(C, d(1));
  const S = toD(seasonIn); // [1]
  const B = g.op('Max', [g.op('Floor', [div(S, d1(P))]), d1(1)]);
  const V = g.op('Max', [S, d1(DEFAULT_MIN_WINDOW)]);
  const isDaily = g.op('ReduceMax', [toD(g.op('Equal', [seasonIn, g.i64('daily', [DAILY_SEASONS.size], [...DAILY_SEASONS])]))], { keepdims: 1 }); // [1]
  const S2 = add(S, mul(mul(isDaily, d1(6)), S)); // 7 S for a daily season, else S

  // Scale: mean |x| of the last V points, floored by a share of the long window's mean |x|; 1 if 0.
  const W = g.op('Max', [mul(S, d1(KS)), mul(V, d1(2))]);
  const longRows = sliceRows(xD, sub(C, W)); // [W, N]
  const recentAbs = g.op('ReduceMean', [g.op('Abs', [sliceRows(xD, sub(C, V))])], { axes: [0], keepdims: 1 }); // [1, N]
  const longAbs = g.op('ReduceMean', [g.op('Abs', [longRows])], { axes: [0], keepdims: 1 });
  const mRaw = g.op('Max', [recentAbs, mul(longAbs, d(DEFAULT_SCALE_FLOOR))]);
  const m = g.op('Where', [g.op('Greater', [mRaw, d(0)]), mRaw, add(mul(mRaw, d(0)), d(1))]); // [1, N]
  const xRaw = div(xD, m); // [C, N] normalised, float64

  // Level shift (spec.ts levelShift): the run of recent points that all differ from one season
  // before by more than the threshold, in the direction of the newest; a run in [2, S) moves the
  // older history by its mean deviation.
  const lastS = sliceRows(xRaw, sub(C, S));
  const prevS = sliceRows(xRaw, sub(C, mul(S, d1(2))), sub(C, S));
  const devRows = sub(lastS, prevS); // [S, N]
  const noiseNow = sliceRows(xRaw, sub(sub(C, S), V), sub(C, S));
  const noisePrev = sliceRows(xRaw, sub(sub(C, mul(S, d1(2))), V), sub(C, mul(S, d1(2))));
  const noise = g.op('ReduceMean', [g.op('Abs', [sub(noiseNow, noisePrev)])], { axes: [0], keepdims: 1 }); // [1, N]
  const thr = g.op('Max', [mul(noise, d(SHIFT_SIGMA)), add(mul(noise, d(0)), d(SHIFT_FLOOR))]);
  const d0 = g.op('Gather', [devRows, g.i64('lastrow', [1], [-1])], { axis: 0 }); // [1, N]
  const hit = g.op('And', [g.op('Greater', [g.op('Abs', [devRows]), thr]), g.op('Greater', [mul(devRows, d0), d(0)])]);
  const misses = g.op('CumSum', [toD(g.op('Not', [hit])), g.i64('ax', [], [0])], { reverse: 1 }); // [S, N]
  const inRun = toD(g.op('Equal', [misses, d(0)]));
  const run = g.op('ReduceSum', [inRun, g.i64('axes0', [1], [0])], { keepdims: 1 }); // [1, N]
  const devMean = div(g.op('ReduceSum', [mul(devRows, inRun), g.i64('axes0', [1], [0])], { keepdims: 1 }), g.op('Max', [run, d(1)]));
  const gate = toD(g.op('And', [g.op('GreaterOrEqual', [run, d(2)]), g.op('Less', [run, S])]));
  const rowIdx = unsq(g.op('Range', [d(0), C, d(1)]), [1]); // [C, 1]
  const before = toD(g.op('Less', [rowIdx, sub(C, run)])); // [C, N]
  const xMoved = add(xRaw, mul(before, mul(gate, devMean))); // [C, N]
  // Rescaled after the move (features.ts): the same scale formula on the moved history.
  const rRecent = g.op('ReduceMean', [g.op('Abs', [sliceRows(xMoved, sub(C, V))])], { axes: [0], keepdims: 1 });
  const rLong = g.op('ReduceMean', [g.op('Abs', [sliceRows(xMoved, sub(C, W))])], { axes: [0], keepdims: 1 });
  const rRaw = g.op('Max', [rRecent, mul(rLong, d(DEFAULT_SCALE_FLOOR))]);
  const r = g.op('Where', [g.op('Greater', [rRaw, d(0)]), rRaw, add(mul(rRaw, d(0)), d(1))]); // [1, N]
  const xn = div(xMoved, r); // [C, N]
  const mAll = mul(m, r);

  // Inclusive prefix sums: mean x[a..b] = (cs[b] - cs[a - 1]) / (b - a + 1); a >= 1 always.
  const cs = g.op('CumSum', [xn, g.i64('ax', [], [0])]); // [C, N]
  const windowMean = (startD: string, endD: string, lenD: string) => div(sub(rows(cs, endD), rows(cs, sub(startD, d(1)))), lenD);

  // Common window means: end = t - ENDC.(S,B,V,1), length = LENC.(S,B,V,1).
  const nw = COMMON_WINDOWS.length;
  const coeffs = g.op('Concat', [S, B, V, d1(1)], { axis: 0 }); // [4]
  const wEnd = sub(t, mm(g.f64('endc', [nw, 4], COMMON_WINDOWS.flatMap((w) => w.end)), coeffs)); // [nw]
  const wLen = mm(g.f64('lenc', [nw, 4], COMMON_WINDOWS.flatMap((w) => w.len)), coeffs);
  const means = windowMean(add(sub(wEnd, wLen), d(1)), wEnd, unsq(wLen, [1])); // [nw, N]
  // Noise: mean |x_i - x_{i-1}| and |x_i - x_{i-S}| over the last V points.
  const lastV = sliceRows(xn, sub(C, V));
  const meanAbsDiff = (lag: string) => g.op('ReduceMean', [g.op('Abs', [sub(lastV, sliceRows(xn, sub(sub(C, V), lag), sub(C, lag)))])], { axes: [0], keepdims: 1 });
  const coverage = unsq(div(g.op('Min', [toD(historyLength), C]), C), [0]); // [1, N]
  const commonT = toF(g.op('Concat', [clipD(g.op('Concat', [means, meanAbsDiff(d1(1)), meanAbsDiff(S)], { axis: 0 })), coverage], { axis: 0 })); // [Fc, N]
  const pick = (src: string, i: number) => g.op('Gather', [src, g.i64('idx', [1], [i])], { axis: 0 }); // [1, N]
  const m1 = pick(means, M1_INDEX);
  const slope = div(sub(m1, pick(means, M2_INDEX)), V); // [1, N]

  // Steps h = 1..H and the lag positions p = t + h - (ceil(h / S') + j) S' per step.
  const h = g.op('Range', [d(1), add(g.op('Squeeze', [toD(horizonIn), g.i64('ax0', [1], [0])]), d(1)), d(1)]); // [H]
  const hCol = unsq(h, [1]); // [H, 1]
  const lagPos = (period: string, count: number) =>
    sub(add(t, hCol), mul(add(g.op('Ceil', [div(hCol, period)]), g.f64('j', [1, count], Array.from({ length: count }, (_, j) => j))), period));
  const p = g.op('Concat', [lagPos(S, K), lagPos(S2, KW)], { axis: 1 }); // [H, L]
  const e = g.op('Min', [add(p, g.op('Floor', [div(B, d1(2))])), t]);
  const rawLags = toF(clipD(rows(xn, p))); // [H, L, N]
  const blkLags = toF(clipD(windowMean(add(sub(e, B), d(1)), e, B))); // [H, L, N]
  const blk1 = g.op('Gather', [blkLags, g.i64('zero', [], [0])], { axis: 1 }); // [H, N]
  // Damped trend steps, as spec.ts dampedSteps: V (1 - exp(-k / V)).
  const damped = (k: string) => mul(V, sub(d1(1), g.op('Exp', [g.op('Neg', [div(k, V)])])));
  const trend = clipF(toF(add(m1, mul(add(damped(hCol), div(sub(V, d1(1)), d1(2))), slope)))); // [H, N]
  const seasonalTrend = clipF(add(blk1, toF(mul(damped(mul(S, g.op('Ceil', [div(hCol, S)]))), slope))));
  const step = g.op('Concat', [rawLags, blkLags, unsq(trend, [1]), unsq(seasonalTrend, [1])], { axis: 1 }); // [H, Fs, N]

  // Encodings [H, N_ENC].
  const zeroCol = mul(hCol, d(0));
  const enc = toF(g.op('Concat', [
    mul(g.op('Log', [add(hCol, d(1))]), d(1 / Math.log1p(DEFAULT_HORIZON_REF))),
    div(g.op('Min', [div(hCol, S), d(2)]), d(2)),
    g.op('Reciprocal', [g.op('Sqrt', [hCol])]),
    add(zeroCol, mul(g.op('Log', [S]), d1(1 / Math.log(DEFAULT_SEASON_REF)))),
    add(zeroCol, isDaily),
  ], { axis: 1 }));

  // The network in float32, with transposed weights acting on [.., features, N].
  const Fc = N_COMMON;
  const Fs = N_STEP;
  const Fe = N_ENC;
  const wT = (name: string, src: Float64Array, from: number, to: number, cols: number) => {
    const out = new Float32Array(cols * (to - from));
    for (let r = from; r < to; r++) for (let c = 0; c < cols; c++) out[c * (to - from) + r - from] = src[r * cols + c]!;
    return g.tensor(name, [cols, to - from], out, true);
  };
  const w1cT = wT('w1c', params.w1, 0, Fc, Hd);
  const w1sT = wT('w1s', params.w1, Fc, Fc + Fs, Hd);
  const w1e = g.tensor('w1e', [Fe, Hd], Float32Array.from(params.w1.subarray((Fc + Fs) * Hd)), true);
  const wscT = wT('wsc', params.ws, 0, Fc, Q);
  const wssT = wT('wss', params.ws, Fc, Fc + Fs, Q);
  const wse = g.tensor('wse', [Fe, Q], Float32Array.from(params.ws.subarray((Fc + Fs) * Q)), true);
  const w2T = wT('w2', params.w2, 0, Hd, Q);
  const perStepHidden = unsq(add(mm(enc, w1e), g.tensor('b1', [Hd], Float32Array.from(params.b1), true)), [2]); // [H, Hd, 1]
  const hidden = g.op('Relu', [add(add(mm(w1sT, step), mm(w1cT, commonT)), perStepHidden)]); // [H, Hd, N]
  const perStepOut = unsq(add(mm(enc, wse), g.tensor('b2', [Q], Float32Array.from(params.b2), true)), [2]); // [H, Q, 1]
  const o = add(add(add(mm(w2T, hidden), mm(wssT, step)), mm(wscT, commonT)), perStepOut); // [H, Q, N]

  // Median plus cumulative |increments|: q = M1' o + M2' |o|.
  const M1 = new Float32Array(Q * Q);
  const M2 = new Float32Array(Q * Q);
  for (let k = 0; k < Q; k++) {
    M1[k * Q + MEDIAN_INDEX] = 1;
    for (let j = 0; j < Q; j++) {
      if (k > MEDIAN_INDEX && j > MEDIAN_INDEX && j <= k) M2[k * Q + j] = 1;
      if (k < MEDIAN_INDEX && j >= k && j < MEDIAN_INDEX) M2[k * Q + j] = -1;
    }
  }
  const qNorm = add(mm(g.tensor('m1', [Q, Q], M1), o), mm(g.tensor('m2', [Q, Q], M2), g.op('Abs', [o])));
  const scaled = mul(qNorm, toF(mAll)); // [H, Q, N]

  // Counts get whole numbers; non-negative history gives non-negative forecasts.
  const isInt = g.op('Equal', [g.op('ReduceMax', [g.op('Abs', [sub(longRows, g.op('Round', [longRows]))])], { axes: [0], keepdims: 1 }), d(0)]); // [1, N]
  const rounded = g.op('Where', [isInt, g.op('Round', [scaled]), scaled]);
  // Floor: 0 where the long window is non-negative, else the most negative float (no clip).
  const nonNeg = g.op('GreaterOrEqual', [g.op('ReduceMin', [longRows], { axes: [0], keepdims: 1 }), d(0)]);
  const clean = g.op('Max', [rounded, g.op('Where', [nonNeg, f(0), f(-3.4028234663852886e38)])]);
  g.op('Transpose', [clean], { perm: [2, 0, 1] }, IO.quantiles);
  g.output(IO.quantiles, DT.FLOAT, ['N', 'H', Q]);
  return g;
}

/** Rebuilds the network parameters from a serialised model's named initializers. */
export function paramsFromModel(bytes: Uint8Array): NetParams {
  const init = readInitializers(bytes);
  const get = (name: string) => {
    const t = init.get(name);
    if (!t) throw new Error(`model has no initializer ${name}`);
    return t;
  };
  const Hd = get('b1').dims[0]!;
  const Q = N_QUANTILES;
  const F = N_COMMON + N_STEP + N_ENC;
  const p: NetParams = {
    features: F, hidden: Hd, quantiles: Q,
    w1: new Float64Array(F * Hd), b1: Float64Array.from(get('b1').data),
    w2: new Float64Array(Hd * Q), ws: new Float64Array(F * Q), b2: Float64Array.from(get('b2').data),
  };
  // Transposed blocks [cols, rows] back into row-major [rows, cols] at a row offset.
  const untranspose = (name: string, dst: Float64Array, rowOffset: number, cols: number) => {
    const t = get(name);
    const rowsN = t.dims[1]!;
    for (let c = 0; c < cols; c++) for (let r = 0; r < rowsN; r++) dst[(rowOffset + r) * cols + c] = t.data[c * rowsN + r]!;
  };
  untranspose('w1c', p.w1, 0, Hd);
  untranspose('w1s', p.w1, N_COMMON, Hd);
  p.w1.set(get('w1e').data, (N_COMMON + N_STEP) * Hd);
  untranspose('wsc', p.ws, 0, Q);
  untranspose('wss', p.ws, N_COMMON, Q);
  p.ws.set(get('wse').data, (N_COMMON + N_STEP) * Q);
  untranspose('w2', p.w2, 0, Q);
  return p;
}
