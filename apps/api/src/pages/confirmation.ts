import type { Actor, Language } from '@app/core';
import { Clock } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { translate } from './i18n';
import { pageHref } from './page-renderer';
import { PageResult } from './page-result';

/** The hidden field of a confirmation page: present only when the visitor confirmed. */
export const CONFIRMATION_FIELD = 'confirmation';

const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The token of a posted confirmation, or null when the post is the form itself (not yet confirmed). */
export function confirmationToken(values: Readonly<Record<string, string>>): string | null {
  const token = values[CONFIRMATION_FIELD];
  return token !== undefined && TOKEN.test(token) ? token : null;
}

/** An act to confirm: its texts are `confirm.<act>.title|what|who|submit`, filled with `values`. */
export interface ConfirmationRequest {
  readonly act: string;
  readonly values?: Readonly<Record<string, string>>;
  /** What the act is about and with what, already in the page's language. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  /** Where the confirmation posts: the same route as the form. */
  readonly action: string;
  /** The form's fields, posted again unchanged with the confirmation. */
  readonly fields: Readonly<Record<string, string>>;
  /** Back to the form, nothing done. */
  readonly cancel: string;
}

export type ConfirmedOutcome<T> = { readonly repeated: false; readonly value: T } | { readonly repeated: true };

/**
 * Irreversible or published acts on the pages take two posts: the form, answered by a page of its own
 * saying what will happen and who will see it (no script needed), and that page's confirmation. The
 * confirmation carries a random token recorded in the act's transaction, so a double submit acts once.
 */
@Injectable()
export class Confirmations {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly clock: Clock,
  ) {}

  /** The page that asks to confirm an act, what will happen and who will see it. */
  page(language: Language, confirmation: ConfirmationRequest): PageResult {
    const text = (part: string) => translate(language, `confirm.${confirmation.act}.${part}`, confirmation.values ?? {});
    const fields = Object.entries({ ...confirmation.fields, [CONFIRMATION_FIELD]: randomUUID(), ...(language === 'en' ? { lang: 'en' } : {}) }).map(([name, value]) => ({ name, value }));
    const view = { heading: text('title'), what: text('what'), who: text('who'), submit: text('submit'), facts: confirmation.facts, action: confirmation.action, fields, cancel: pageHref(confirmation.cancel, {}, language) };
    return PageResult.view(language, { template: 'confirm', title: text('title'), view });
  }

  /** Runs the act once per confirmation token, in one transaction with the token's record; a repeated token does nothing. */
  async once<T>(actor: Actor, token: string, act: () => Promise<T>): Promise<ConfirmedOutcome<T>> {
    return this.txHost.withTransaction(async () => {
      const claimed = await this.txHost.tx.query<unknown[]>(
        `INSERT INTO confirmed_submission (token, user_id, submitted_at) VALUES ($1, $2, $3) ON CONFLICT (token) DO NOTHING RETURNING token`,
        [token, actor.userId, this.clock.now()],
      );
      if (claimed.length === 0) return { repeated: true } as const;
      return { repeated: false, value: await act() } as const;
    });
  }
}
