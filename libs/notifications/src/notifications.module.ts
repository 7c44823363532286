import { IdentityModule } from '@app/identity';
import { Module } from '@nestjs/common';
import { EventMail } from './event-mail';
import { MailAudience } from './mail-audience';
import { MailReminderScheduler } from './mail-reminder.scheduler';
import { MailReminders } from './mail-reminders';
import { MailDelivery } from './mail-delivery';
import { MailOutbox } from './mail-outbox';
import { MailPreferences } from './mail-preferences';
import { MailTemplates } from './mail-templates';
import { PasswordResetMail } from './password-reset-mail';
import { SentMail } from './sent-mail';
import { WatchList } from './watch-list';
import { WatchMail } from './watch-mail';

/** E-mail: the outbox written in the events' transactions, its sending over SMTP, and what admins read of it. */
@Module({
  imports: [IdentityModule],
  providers: [MailTemplates, MailOutbox, MailDelivery, MailAudience, EventMail, MailReminders, MailReminderScheduler, MailPreferences, SentMail, PasswordResetMail, WatchList, WatchMail],
  exports: [MailOutbox, MailDelivery, MailAudience, MailReminders, MailPreferences, SentMail, MailTemplates, PasswordResetMail, WatchList],
})
export class NotificationsModule {}
