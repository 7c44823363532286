/** One area's page texts, Italian and English with the same keys (checked by i18n.spec.ts). */
export interface Messages {
  readonly it: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}
