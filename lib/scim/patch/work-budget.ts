/**
 * The scan budget of one PATCH request ({@link MAX_PATCH_SCANNED_VALUES}): operations that walk the values of a
 * multi-valued attribute spend from it, so a request's total cost stays bounded whatever the resource's size.
 */
import { tooMany } from '../errors.js';
import { MAX_PATCH_SCANNED_VALUES } from './limits.js';

/** Counts the values a PATCH request examines. */
export interface WorkBudget {
  /** Spends `count` values for the operation `where`; throws 400 tooMany once the request's total passes the cap. */
  spend(count: number, where: string): void;
}

/** A fresh budget of `limit` values. */
export function createWorkBudget(limit = MAX_PATCH_SCANNED_VALUES): WorkBudget {
  let spent = 0;
  return {
    spend(count, where) {
      spent += count;
      if (spent > limit) {
        throw tooMany(
          `${where}: this PATCH examines more than ${limit} values of multi-valued attributes in total (the limit per request); send its operations in several requests`,
        );
      }
    },
  };
}
