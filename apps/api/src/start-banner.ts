/** What a person starting the platform needs first: where it answers, how to sign in, where the data lives. */
export interface StartFacts {
  readonly url: string;
  /** The embedded database's folder, or the server's address (never its password). */
  readonly data: { readonly embedded: true; readonly dataDir: string } | { readonly embedded: false; readonly server: string };
  /** Listed only when the demo data is loaded. */
  readonly demoAccounts: readonly { readonly role: string; readonly email: string; readonly password: string }[] | null;
}

/** A database URL without its credentials: `postgres://host:5432/name`. */
export function serverAddress(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL server';
  }
}

/** A few lines for the terminal. */
export function startBanner(facts: StartFacts): string {
  const row = (label: string, value: string) => `  ${label.padEnd(14)} ${value}`;
  const lines = [
    '',
    `  Azienda Qualificata is running on ${facts.url}`,
    '',
    row('Registry', `${facts.url}/registro`),
    row('Sign in', `${facts.url}/accedi`),
    row('API docs', `${facts.url}/api/docs`),
    row('Data', facts.data.embedded ? `embedded database in ${facts.data.dataDir}` : `PostgreSQL server ${facts.data.server}`),
  ];
  if (facts.demoAccounts !== null) {
    lines.push('', '  Demo accounts (demo data only):');
    for (const account of facts.demoAccounts) lines.push(`    ${account.role.padEnd(9)} ${account.email.padEnd(40)} ${account.password}`);
  }
  lines.push('', '  Logs follow; Ctrl+C stops. LOG_LEVEL=debug shows every request detail and mapped route.', '');
  return `${lines.join('\n')}\n`;
}
