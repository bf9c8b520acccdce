import type { EvaluationLimits } from './evaluation-limits.js';
import type { BuildBudget } from '../value/value-ops.js';
import { arrayItems, objectEntries, type Value } from '../value/value.js';

/** Thrown where a bound is crossed; the expression being evaluated reports it and is unknown. */
export class LimitExceeded extends Error {
  constructor(
    message: string,
    /** True when the pass's budget is spent (not just one string or collection too large). */
    readonly spent: boolean,
  ) {
    super(message);
  }
}

/**
 * What one evaluation pass has spent of its {@link EvaluationLimits}. Charged as values and strings
 * are built, before the expensive step, so a pass that crosses a bound stops at once. Once the
 * value or work budget is spent, every further charge fails, so the rest of the pass finishes in
 * time proportional to the definition.
 */
export class Budget implements BuildBudget {
  private built = 0;
  private work = 0;
  private chars = 0;

  constructor(readonly limits: EvaluationLimits) {}

  /** Charges `count` values about to be built. */
  build(count = 1): void {
    this.built += count;
    this.work += count;
    if (this.built > this.limits.maxValues) {
      throw new LimitExceeded(
        `evaluation stopped: the environment builds more than ${this.limits.maxValues} values`,
        true,
      );
    }
    this.checkWork();
  }

  /** Checks that a string of `length` characters may be built, without charging it. */
  fits(length: number): void {
    if (length > this.limits.maxStringLength) {
      throw new LimitExceeded(
        `string too long: more than ${this.limits.maxStringLength} characters`,
        false,
      );
    }
  }

  /** Charges a string of `length` characters about to be built. */
  string(length: number): void {
    this.fits(length);
    this.chars += length;
    if (this.chars > this.limits.maxTotalStringLength) {
      throw new LimitExceeded(
        `evaluation stopped: the environment builds more than ${this.limits.maxTotalStringLength} characters of strings`,
        true,
      );
    }
  }

  /** Checks the length of an array or object about to be built. */
  collection(length: number): void {
    if (length > this.limits.maxCollectionLength) {
      throw new LimitExceeded(
        `collection too large: more than ${this.limits.maxCollectionLength} elements`,
        false,
      );
    }
  }

  /**
   * A lower bound of the length of `value`'s string conversions (text of its leaves and keys),
   * walking at most until it is known to be over `maxStringLength`; the walk is charged as work.
   */
  measure(value: Value): number {
    let length = 0;
    const stack = [value];
    while (stack.length > 0 && length <= this.limits.maxStringLength) {
      const next = stack.pop()!;
      this.work++;
      if (typeof next.data === 'string') length += next.data.length;
      const items = arrayItems(next);
      if (items !== undefined) {
        length += items.length;
        stack.push(...items);
      }
      const entries = objectEntries(next);
      if (entries !== undefined) {
        for (const [key, item] of entries) {
          length += key.length + 1;
          stack.push(item);
        }
      }
      if (next.base !== undefined) stack.push(next.base);
    }
    this.checkWork();
    return length;
  }

  private checkWork(): void {
    if (this.work > this.limits.maxWork) {
      throw new LimitExceeded(
        `evaluation stopped: the environment needs more than ${this.limits.maxWork} steps`,
        true,
      );
    }
  }
}
