export { UNSUBSCRIBE_PATH } from './mail-audience';
export { MailDelivery } from './mail-delivery';
export { MAIL_LANGUAGES, type MailKind, type MailLanguage } from './mail-kinds';
export { MAIL_QUEUE, MailOutbox, type OutgoingMail } from './mail-outbox';
export { MailPreferences, OPTIONAL_KINDS_BY_ROLE, OPTIONAL_MAIL_KINDS } from './mail-preferences';
export { MailReminders } from './mail-reminders';
export { NotificationsModule } from './notifications.module';
export { PasswordResetMail } from './password-reset-mail';
export { MAIL_STATUSES, type MailStatus, SentMail } from './sent-mail';
