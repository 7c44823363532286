import type { Language } from '@app/core';
import { hasText, translate } from '../pages/i18n';

/**
 * The history's codes as the admin reads them: `sanction.recorded` is "Sanzione registrata".
 * A code without a label (a new kind of event) still reads as a sentence, never as the code.
 */
export function historyActionLabel(language: Language, action: string): string {
  const key = `history.action.${action}`;
  return translate(language, hasText(language, key) ? key : 'history.action.other');
}

export function historyEntityLabel(language: Language, entityType: string): string {
  const key = `history.entity.${entityType}`;
  return translate(language, hasText(language, key) ? key : 'history.entity.other');
}

/** A person by their e-mail; the platform itself, a visitor or the command line by name. */
export function historyActorLabel(language: Language, actorLabel: string): string {
  const key = `history.actor.${actorLabel}`;
  return hasText(language, key) ? translate(language, key) : actorLabel;
}
