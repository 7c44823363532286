/** The middle of a set of timings: one slow round on a shared machine does not move it. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
