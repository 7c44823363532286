/*
 * Errors from Node's own modules are not `instanceof Error` inside Jest's sandbox (another realm),
 * so these read them by shape.
 */

export function errorMessage(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : String(error);
}

export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
