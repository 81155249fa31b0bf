/**
 * Wait until `condition` holds, checking every 10 ms. The limit only stops a broken test from
 * hanging: no test asserts how long anything took (latency belongs to `npm run bench`).
 */
export async function until(condition: () => boolean, what = 'condition', limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
