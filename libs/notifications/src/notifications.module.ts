import { Module } from '@nestjs/common';
import { EventMail } from './event-mail';
import { MailDelivery } from './mail-delivery';
import { MailOutbox } from './mail-outbox';
import { MailTemplates } from './mail-templates';
import { SentMail } from './sent-mail';

/** E-mail: the outbox written in the events' transactions, its sending over SMTP, and what admins read of it. */
@Module({
  providers: [MailTemplates, MailOutbox, MailDelivery, EventMail, SentMail],
  exports: [MailOutbox, MailDelivery, SentMail, MailTemplates],
})
export class NotificationsModule {}
