// One watched series: the streaming detector plus the episode an operator or the planner hears
// about. The detector flags once per episode (its refractory hold keeps a flapping series from
// flagging again and again) and keeps the episode active until the series is back in its band;
// on top of that, a flag whose change is smaller than `minDelta` is not reported (the first
// requests of an idle microshard are surprising on a scale of zero, but not news), and may be
// reported later in the same episode once it is big enough (a ramp that starts small). Pure: the
// sidecar (sidecar/anomalies.ts) and the simulator's predictive controller use the same rule.
import { AnomalyDetector, type DetectorParams, type Verdict } from './detector.js';

export interface EpisodeStep {
  verdict: Verdict;
  /** This point opened a reported episode (a new anomaly). */
  flagged: boolean;
  /** A reported episode is open after this point. */
  open: boolean;
  /** When the open episode began (the caller's clock), and its highest score so far. */
  sinceMs: number;
  peakScore: number;
}

export class SeriesWatch {
  readonly detector: AnomalyDetector;
  private episode: { sinceMs: number; peak: number } | undefined;
  private flagPending = false;

  constructor(params: Partial<DetectorParams> = {}) {
    this.detector = new AnomalyDetector(params);
  }

  /** Learns from a past point without judging it (seeding from recorded history). */
  learn(x: number): void {
    if (Number.isFinite(x)) this.detector.update(x);
  }

  get isOpen(): boolean {
    return this.episode !== undefined;
  }

  /** Scores one point (finite) at `atMs`, with the smallest change worth reporting. */
  observe(x: number, atMs: number, minDelta: number): EpisodeStep {
    const v = this.detector.update(x);
    let flagged = false;
    if (!v.active) {
      this.episode = undefined;
      this.flagPending = false;
    } else if (!this.episode && (v.score >= 0.5 || (this.flagPending && v.rawScore >= 0.5))) {
      // At most once per detector episode: its one flag, or a later point of the same episode.
      if (Math.abs(x - v.expected) >= minDelta) {
        this.episode = { sinceMs: atMs, peak: v.rawScore };
        this.flagPending = false;
        flagged = true;
      } else this.flagPending = true;
    }
    if (this.episode) this.episode.peak = Math.max(this.episode.peak, v.rawScore);
    return { verdict: v, flagged, open: this.episode !== undefined, sinceMs: this.episode?.sinceMs ?? -1, peakScore: this.episode?.peak ?? 0 };
  }
}
