/**
 * Retries an assertion until it passes or `withinMs` runs out, then throws its last failure. For
 * what the platform promises within a time (a change reaching every instance's cache within a second).
 */
export async function eventually<T>(assertion: () => Promise<T>, withinMs = 1_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

/**
 * Waits until `condition` gives something (not false, null or undefined) and returns it, for what a
 * background process brings about (a job run, a PDF rendered, a browser gone); names `what` if it never comes.
 */
export function until<T>(condition: () => T | Promise<T>, what: string, withinMs = 10_000, everyMs = 25): Promise<Exclude<T, false | null | undefined>> {
  return eventually(async () => {
    const value = await condition();
    if (value === false || value === null || value === undefined) throw new Error(`Not within ${withinMs} ms: ${what}`);
    return value as Exclude<T, false | null | undefined>;
  }, withinMs, everyMs);
}
