import { AppConfig } from '@app/config';
import { PasswordResetService } from '@app/identity';
import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { PASSWORD_RESET_PATH } from './event-mail';
import { mailDateTime } from './mail-format';
import { MailOutbox } from './mail-outbox';

/**
 * "Password dimenticata?": issues the reset token and writes its message in one transaction. The
 * caller answers the same whatever happens here, so nobody learns whether an address has an account.
 */
@Injectable()
export class PasswordResetMail {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
  ) {}

  @Transactional()
  async request(email: string): Promise<void> {
    const issued = await this.resets.issue(email);
    if (!issued) return;
    // The account's language is not known yet (preferences come with the account's settings): Italian first.
    const language = 'it';
    await this.outbox.write([
      {
        idempotencyKey: `password_reset:${issued.tokenId}`,
        kind: 'password_reset',
        to: issued.user.email,
        userId: issued.user.id,
        language,
        model: {
          displayName: issued.user.displayName,
          email: issued.user.email,
          expiresAt: mailDateTime(issued.expiresAt, language),
          resetUrl: `${this.config.publicBaseUrl}${PASSWORD_RESET_PATH}?token=${encodeURIComponent(issued.token)}`,
        },
      },
    ]);
  }
}
