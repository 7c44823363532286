/**
 * Passwords hashed at a fraction of OWASP's cost (256 KiB, 1 pass instead of 19 MiB, 2 passes): sign-ups and
 * sign-ins were a tenth of an e2e file's time. Still argon2id through the same code; production refuses these values.
 */
export const CHEAP_PASSWORD_HASHING: Readonly<Record<string, string>> = { PASSWORD_HASH_MEMORY_KIB: '256', PASSWORD_HASH_PASSES: '1' };
