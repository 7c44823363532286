export { type Actor, actorLabel, type AnonymousActor, type AnyActor, CLI_ACTOR, PUBLIC_ACTOR, type Role, ROLES, SYSTEM_ACTOR } from './access';
export {
  addCalendarDays,
  addCalendarMonths,
  calendarDaysBetween,
  compareIsoDates,
  DAY_MS,
  formatItalianDate,
  isIsoDate,
  type IsoDate,
  ITALIAN_TIME_ZONE,
  monthsEndingWith,
  romeCalendarDate,
  romeDayStart,
  romeDaysBetween,
  romeMonth,
  romeMonthStart,
  romeWallClockToInstant,
  subtractYears,
} from './calendar';
export { AdjustableClock, Clock, SystemClock } from './clock';
export { ConflictError, DomainError, type ErrorKind, ForbiddenError, InvalidTransitionError, NotFoundError, RateLimitedError, UnauthenticatedError, UnprocessableError } from './errors';
export { timeOrderedUuid } from './ids';
export { type Language } from './language';
export { assertTransition, canTransition, type Transitions } from './transitions';
export { ClockModule } from './clock.module';
export { formatEuroAmount, parseEuroAmount } from './euro-amount';
