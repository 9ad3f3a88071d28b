/**
 * The one error type the compute module throws for bad input. Its message is written for a reader
 * (a widget shows it as text), and `field` names the argument at fault so a view can point at it.
 */
export class ComputeInputError extends RangeError {
  override name = 'ComputeInputError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function requireInt(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new ComputeInputError(`${field} must be ${range}; got ${String(value)}`, field);
  }
}

/** Throws unless every value is a finite number (NaN or ±Infinity would spread through every sum). */
export function requireFinite(field: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ComputeInputError(`${field} holds a non-finite value (${String(values[i])}) at index ${i}`, field);
    }
  }
}
