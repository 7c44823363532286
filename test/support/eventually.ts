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
