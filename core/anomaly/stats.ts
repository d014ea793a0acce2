// Small numeric helpers the anomaly detector needs: the standard normal tail and a log-scaled
// score. Hand-written because no statistics library is in node_modules and this is a few lines
// (erfc after Numerical Recipes' Chebyshev fit, relative error < 1.2e-7 everywhere).

/** Complementary error function. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z >= z) for a standard normal Z. */
export function normalTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Maps a tail probability to [0, 1] on a log scale: 0.5 exactly at `threshold`, 1 at
 * threshold^2 and beyond. So "score >= 0.5" means "this rare or rarer" (Numenta's log-likelihood
 * uses the same shape with threshold 1e-5).
 */
export function tailScore(tail: number, threshold: number): number {
  if (!(tail < 1)) return 0;
  const s = Math.log(Math.max(tail, 1e-300)) / (2 * Math.log(threshold));
  return s < 0 ? 0 : s > 1 ? 1 : s;
}
