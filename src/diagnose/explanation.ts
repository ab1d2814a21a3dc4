/**
 * Words that explain a series beyond its numbers (issue 17): what was
 * scored and why, restarts read from the data, and diagnosis hints (page
 * cache, growth outside the JS heap). Hints never change a verdict; the
 * verdict comes from the scored series alone.
 */
export interface Explanation {
  /** Who the series is, in words: `shop/orders-7d9f/orders` or the series' name. */
  subject: string;
  /** Whole sentences, each one fact or hint, in the order the report prints them. */
  sentences: string[];
  /** Machine-readable hint keys, for --format json and tests: `page-cache`, `outside-js-heap` … */
  hints: string[];
  /** The container's own memory limit (src/k8s/) and when the final window's trend reaches it. */
  containerLimit?: { bytes: number; reachedAt: number | null; secondsFromEnd: number | null };
}
