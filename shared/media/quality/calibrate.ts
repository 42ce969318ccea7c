/** ln(19): the logit distance between confidence 0.5 and 0.95. */
const LOGIT_95 = Math.log(19);

/**
 * A confidence in [0, 1] that is exactly 0.5 at `cutoff` and reaches 0.95 at `cutoff + toward95` (a negative
 * `toward95` means lower values are worse). Logistic, so it is smooth, monotone and never leaves [0, 1].
 */
export function confidence(value: number, cutoff: number, toward95: number): number {
  const logit = ((value - cutoff) / toward95) * LOGIT_95;
  return 1 / (1 + Math.exp(-logit));
}
