// The training code's seeded generator is the shared one (core/rng.ts); models/ keeps importing
// it from here.
export { Rng } from '../core/rng.js';
