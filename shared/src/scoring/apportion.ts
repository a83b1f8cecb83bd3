/**
 * Largest-remainder apportionment in tenths: splits `totalTenths` among parts in proportion to `parts`, so the
 * shares (whole tenths) add up to exactly `totalTenths`. This is how the breakdown's contributions, shown to
 * one decimal, add up to the whole-point score the card shows: each contribution is the measure's exact
 * e × points scaled by score ÷ exact total, then rounded so the column sums to the score.
 *
 * A part of 0 never receives anything. Ties in the remainder go to the larger part, then the earlier one, so
 * the result is deterministic. `out` receives the tenths (length ≥ parts' length); `remainders` is scratch.
 */
export function apportionTenths(
  parts: ArrayLike<number>,
  count: number,
  totalTenths: number,
  out: Int32Array,
  remainders: Float64Array,
): void {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += parts[i]!;
  if (!(sum > 0) || totalTenths <= 0) {
    out.fill(0, 0, count);
    return;
  }
  let assigned = 0;
  for (let i = 0; i < count; i++) {
    const quota = (parts[i]! * totalTenths) / sum;
    const whole = Math.floor(quota);
    out[i] = whole;
    remainders[i] = parts[i]! > 0 ? quota - whole : -1;
    assigned += whole;
  }
  for (let left = totalTenths - assigned; left > 0; left--) {
    let best = -1;
    for (let i = 0; i < count; i++) {
      if (remainders[i]! < 0) continue;
      if (
        best < 0 ||
        remainders[i]! > remainders[best]! ||
        (remainders[i]! === remainders[best]! && parts[i]! > parts[best]!)
      )
        best = i;
    }
    if (best < 0) break;
    out[best] = out[best]! + 1;
    remainders[best] = -1;
  }
}
