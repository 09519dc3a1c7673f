import * as hdr from 'hdr-histogram-js';

/** A latency histogram in microseconds, up to ten minutes. */
export function createHistogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records a duration given in milliseconds. */
export function recordMs(histogram, ms) {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

/** p50, p90, p99 and the rest, in milliseconds. */
export function summarize(histogram) {
  if (histogram.totalCount === 0) return { samples: 0 };
  const at = (p) => histogram.getValueAtPercentile(p) / 1000;
  return {
    samples: histogram.totalCount,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: histogram.maxValue / 1000,
    mean: histogram.mean / 1000,
  };
}
