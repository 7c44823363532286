import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { resolve } from 'node:path';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
/** `auto`: readable lines on a terminal in development, JSON otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** OWASP's argon2id baseline for passwords (19 MiB, 2 passes): the default, and the least production accepts. */
export const OWASP_ARGON2 = { memoryKib: 19_456, passes: 2 } as const;
/** argon2's own floor is 8 KiB per lane; tests use a few hundred KiB to keep sign-ups cheap. */
const PASSWORD_HASH_MIN_MEMORY_KIB = 64;

/** The environment as the platform reads it. Every variable is listed in the README. */
class EnvironmentSchema {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @MinLength(1)
  DATA_DIR = './data';

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100)
  DATABASE_POOL_SIZE = 4;

  @IsOptional() @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional() @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = 'auto';

  @IsOptional() @IsString()
  @Matches(/^(true|false|loopback|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, loopback or a comma-separated list of IP addresses or CIDR ranges',
  })
  TRUST_PROXY = 'false';

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(24 * 90)
  SESSION_TTL_HOURS = 12;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100_000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 100;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100_000)
  LOGIN_MAX_FAILURES_PER_CLIENT = 10;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100_000)
  LOGIN_MAX_FAILURES_PER_IP = 300;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(PASSWORD_HASH_MIN_MEMORY_KIB) @Max(4 * 1024 * 1024)
  PASSWORD_HASH_MEMORY_KIB = OWASP_ARGON2.memoryKib;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(20)
  PASSWORD_HASH_PASSES = OWASP_ARGON2.passes;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA?: boolean;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'WORKER_IN_PROCESS must be true or false' })
  WORKER_IN_PROCESS?: boolean;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1024) @Max(200 * 1024 * 1024)
  EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(120)
  RATING_VALIDITY_MONTHS = 12;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(3650)
  SUSPENSION_MAX_DAYS = 90;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(365)
  RENEWAL_WINDOW_DAYS = 90;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(365)
  APPEAL_DAYS = 30;

  @IsOptional() @IsString() @MinLength(1)
  CHROMIUM_PATH = '/usr/bin/chromium';

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(16)
  RENDER_PAGES = 2;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1000) @Max(600_000)
  RENDER_TIMEOUT_MS = 20_000;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(50)
  RENDER_MAX_ATTEMPTS = 5;

  @IsOptional() @IsString() @MinLength(1)
  CERTIFICATE_P12_PATH?: string;

  @IsOptional() @IsString()
  CERTIFICATE_P12_PASSWORD?: string;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100_000)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 300;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(1_000_000)
  API_KEY_RATE_LIMIT_PER_MINUTE = 3000;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100_000)
  WATCH_SUBSCRIBE_PER_ADDRESS_PER_HOUR = 5;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100_000)
  WATCH_SUBSCRIBE_PER_IP_PER_HOUR = 30;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(365)
  REPORT_ANSWER_DAYS = 15;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(120)
  REPORT_RETENTION_MONTHS = 12;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(120)
  COMPLAINT_RETENTION_MONTHS = 12;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(10_000)
  SURVEILLANCE_REPORT_THRESHOLD = 5;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(3650)
  SURVEILLANCE_WINDOW_DAYS = 90;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(100)
  SURVEILLANCE_SAMPLE_PERCENT = 10;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(24 * 60)
  SURVEILLANCE_OPEN_INTERVAL_MINUTES = 60;

  @IsOptional() @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL (user and password, if any, in the URL)' })
  SMTP_URL?: string;

  @IsOptional()
  @Matches(/^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/, {
    message: 'MAIL_FROM must be an e-mail address, or a name followed by an address in angle brackets',
  })
  MAIL_FROM = 'Azienda Qualificata <noreply@aziendaqualificata.invalid>';

  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'REPORTS_REPORTER_KEY must be 64 hexadecimal digits (a 256-bit secret)' })
  REPORTS_REPORTER_KEY?: string;

  @IsOptional() @Matches(/^PRIVATE\+KEY\+[^\s+]+\+[0-9a-fA-F]{8}\+[A-Za-z0-9+/]{44}$/, {
    message: 'TRANSPARENCY_LOG_KEY must be a signed-note private key: PRIVATE+KEY+<origin>+<8 hex digits>+<base64 Ed25519 key> (npm run cli -- transparency-key)',
  })
  TRANSPARENCY_LOG_KEY?: string;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(86_400)
  TRANSPARENCY_CHECKPOINT_INTERVAL_SECONDS = 60;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'TRANSPARENCY_WITNESS_URL must be an http(s) URL' })
  TRANSPARENCY_WITNESS_URL?: string;

  @IsOptional() @Matches(/^[^\s+]+\+[0-9a-fA-F]{8}\+[A-Za-z0-9+/]{44}$/, { message: "TRANSPARENCY_WITNESS_KEY must be the witness's signed-note verifier key: <name>+<8 hex digits>+<base64 key>" })
  TRANSPARENCY_WITNESS_KEY?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'WEBHOOK_ALLOW_LOOPBACK must be true or false' })
  WEBHOOK_ALLOW_LOOPBACK?: boolean;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(500) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'FEED_SIGNING_KEY must be 64 hexadecimal digits (the 32-byte seed of an Ed25519 key)' })
  FEED_SIGNING_KEY?: string;
}

/** Rules that tie variables together, checked once each variable is valid on its own. */
function crossFieldProblems(schema: EnvironmentSchema): string[] {
  const problems: string[] = [];
  if (schema.LOGIN_MAX_FAILURES_PER_CLIENT >= schema.LOGIN_MAX_FAILURES_PER_ACCOUNT) {
    problems.push(
      'LOGIN_MAX_FAILURES_PER_CLIENT must be less than LOGIN_MAX_FAILURES_PER_ACCOUNT: the account budget keeps that many failures for the IPs that signed in to the account, and gives the rest to everyone else',
    );
  }
  if (schema.NODE_ENV === 'production' && schema.DATABASE_URL !== undefined && schema.REPORTS_REPORTER_KEY === undefined) {
    problems.push('REPORTS_REPORTER_KEY is required in production on a PostgreSQL server: every instance must key consumer reporters with the same secret');
  }
  if ((schema.TRANSPARENCY_WITNESS_URL === undefined) !== (schema.TRANSPARENCY_WITNESS_KEY === undefined)) {
    problems.push('TRANSPARENCY_WITNESS_URL and TRANSPARENCY_WITNESS_KEY go together: the address of the witness and the key its cosignatures are checked with');
  }
  if (schema.NODE_ENV === 'production' && schema.DATABASE_URL !== undefined && schema.TRANSPARENCY_LOG_KEY === undefined) {
    problems.push('TRANSPARENCY_LOG_KEY is required in production on a PostgreSQL server: every instance must sign checkpoints with the one log key that monitors and witnesses trust');
  }
  if (schema.NODE_ENV === 'production' && (schema.PASSWORD_HASH_MEMORY_KIB < OWASP_ARGON2.memoryKib || schema.PASSWORD_HASH_PASSES < OWASP_ARGON2.passes)) {
    problems.push(
      `PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_PASSES below OWASP's argon2id baseline (${OWASP_ARGON2.memoryKib} KiB, ${OWASP_ARGON2.passes} passes) are for tests: production never hashes passwords more cheaply`,
    );
  }
  if (schema.NODE_ENV === 'production' && schema.WEBHOOK_ALLOW_LOOPBACK === true) {
    problems.push('WEBHOOK_ALLOW_LOOPBACK is for tests: production never delivers webhooks to its own machine');
  }
  if (schema.NODE_ENV === 'production' && schema.DATABASE_URL !== undefined && schema.FEED_SIGNING_KEY === undefined) {
    problems.push('FEED_SIGNING_KEY is required in production on a PostgreSQL server: every instance must sign the caller-ID feed with the same published key');
  }
  if (schema.NODE_ENV === 'production' && schema.DATABASE_URL !== undefined && schema.SMTP_URL === undefined) {
    problems.push('SMTP_URL is required in production on a PostgreSQL server: without it no e-mail (password resets, decisions, expiry reminders) would ever leave');
  }
  if (schema.SMTP_URL !== undefined && schema.NODE_ENV === 'production' && schema.PUBLIC_BASE_URL === undefined) {
    problems.push('PUBLIC_BASE_URL is required in production when SMTP_URL is set: every link in an e-mail is absolute');
  }
  return problems;
}

export interface DatabaseSettings {
  /** Set for a PostgreSQL server; absent for the embedded PGlite database in `dataDir`. */
  readonly url: string | undefined;
  readonly dataDir: string;
  readonly poolSize: number;
}

/** The validated configuration. Built once at boot; nothing else reads `process.env`. */
export class AppConfig {
  readonly environment!: 'development' | 'production' | 'test';
  readonly port!: number;
  readonly host!: string;
  readonly publicBaseUrl!: string;
  readonly database!: DatabaseSettings;
  readonly logLevel!: LogLevel;
  readonly logFormat!: LogFormat;
  /** Fastify's `trustProxy`: whether and which proxies may set the client IP via X-Forwarded-For. */
  readonly trustProxy!: boolean | string | string[];
  readonly sessionTtlHours!: number;
  /** The sign-in policy's budgets of failed password checks per hour (README "Sign-in policy"). */
  readonly login!: { readonly maxFailuresPerAccount: number; readonly maxFailuresPerClient: number; readonly maxFailuresPerIp: number };
  /** argon2id's cost for new password hashes; a stored hash carries its own, so changing it never locks anyone out. */
  readonly passwordHash!: { readonly memoryKib: number; readonly passes: number };
  /** Load demo users and firms into an empty database at start. */
  readonly demoData!: boolean;
  /** Run background jobs inside the API process (the embedded default) instead of a separate worker. */
  readonly workerInProcess!: boolean;
  readonly evidenceMaxBytes!: number;
  /** `renewalWindowDays`: how many Rome days before a rating's last day its firm may open a renewal. */
  readonly ratings!: { readonly validityMonths: number; readonly suspensionMaxDays: number; readonly renewalWindowDays: number };
  /** `days`: how many Rome days after a decision its firm may appeal it (the decision day is day 0). */
  readonly appeals!: { readonly days: number };
  /** `retentionMonths`: how long after closing a complaint its complainant's e-mail is kept. */
  readonly complaints!: { readonly retentionMonths: number };
  /**
   * `samplePercent`: the share of active ratings a yearly plan draws for an unannounced check (0 to 100);
   * `openIntervalMinutes`: how often the worker opens the scheduled checks whose day has come.
   */
  readonly surveillance!: { readonly samplePercent: number; readonly openIntervalMinutes: number };
  readonly renderer!: {
    readonly chromiumPath: string;
    readonly pages: number;
    readonly timeoutMs: number;
    readonly maxAttempts: number;
  };
  /** The PKCS#12 key that signs certificates; absent means a self-signed demo key kept in the data folder. */
  readonly certificateSigning!: { readonly p12Path: string | undefined; readonly p12Password: string };
  readonly publicRateLimitPerMinute!: number;
  /** The budget of a caller that sends a valid API key, per key instead of per IP. */
  readonly apiKeyRateLimitPerMinute!: number;
  /** Watch subscriptions asked per e-mail address and per client IP in each clock hour (no mail bombing through the form). */
  readonly watchRateLimits!: { readonly perAddressPerHour: number; readonly perIpPerHour: number };
  readonly reports!: {
    readonly answerDays: number;
    readonly retentionMonths: number;
    readonly surveillanceThreshold: number;
    readonly surveillanceWindowDays: number;
    /** The secret that keys reporters (64 hex digits); absent means a secret kept in the data folder. */
    readonly reporterKey: string | undefined;
  };

  /**
   * The public transparency log: the signed-note private key that signs checkpoints (absent: a demo key
   * kept in the data folder) and how often a checkpoint is published when the log has grown.
   */
  readonly transparency!: {
    readonly logKey: string | undefined;
    readonly checkpointIntervalSeconds: number;
    /** The witness that cosigns checkpoints (c2sp.org/tlog-witness): its address and verifier key; absent: none. */
    readonly witness: { readonly url: string; readonly key: string } | undefined;
  };
  /** Webhook targets: https only in production; loopback receivers only when tests say so. */
  readonly webhooks!: { readonly requireHttps: boolean; readonly allowLoopback: boolean; readonly timeoutMs: number };
  /** The Ed25519 seed (64 hex digits) that signs the caller-ID feed; absent means a demo key kept in the data folder. */
  readonly feedSigningKey!: string | undefined;
  /** Outgoing e-mail: absent `smtpUrl` keeps messages in the outbox, shown to admins ("Posta inviata"). */
  readonly mail!: { readonly smtpUrl: string | undefined; readonly from: string };

  get embedded(): boolean {
    return this.database.url === undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

function parseTrustProxy(value: string): boolean | string | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'loopback') return 'loopback';
  return value.split(',').map((part) => part.trim());
}

/** Validates an environment and builds the configuration, or throws a ConfigError naming every bad value. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const schema = plainToInstance(EnvironmentSchema, present);
  const errors = validateSync(schema, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  const problems = crossFieldProblems(schema);
  if (problems.length > 0) throw new ConfigError(problems);

  const embedded = schema.DATABASE_URL === undefined;
  return Object.freeze(
    Object.assign(new AppConfig(), {
      environment: schema.NODE_ENV,
      port: schema.PORT,
      host: schema.HOST,
      publicBaseUrl: (schema.PUBLIC_BASE_URL ?? `http://localhost:${schema.PORT}`).replace(/\/+$/, ''),
      database: { url: schema.DATABASE_URL, dataDir: resolve(schema.DATA_DIR), poolSize: schema.DATABASE_POOL_SIZE },
      logLevel: schema.LOG_LEVEL,
      logFormat: schema.LOG_FORMAT,
      trustProxy: parseTrustProxy(schema.TRUST_PROXY),
      sessionTtlHours: schema.SESSION_TTL_HOURS,
      login: {
        maxFailuresPerAccount: schema.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerClient: schema.LOGIN_MAX_FAILURES_PER_CLIENT,
        maxFailuresPerIp: schema.LOGIN_MAX_FAILURES_PER_IP,
      },
      passwordHash: { memoryKib: schema.PASSWORD_HASH_MEMORY_KIB, passes: schema.PASSWORD_HASH_PASSES },
      demoData: schema.DEMO_DATA ?? embedded,
      workerInProcess: schema.WORKER_IN_PROCESS ?? embedded,
      evidenceMaxBytes: schema.EVIDENCE_MAX_BYTES,
      ratings: { validityMonths: schema.RATING_VALIDITY_MONTHS, suspensionMaxDays: schema.SUSPENSION_MAX_DAYS, renewalWindowDays: schema.RENEWAL_WINDOW_DAYS },
      appeals: { days: schema.APPEAL_DAYS },
      complaints: { retentionMonths: schema.COMPLAINT_RETENTION_MONTHS },
      surveillance: { samplePercent: schema.SURVEILLANCE_SAMPLE_PERCENT, openIntervalMinutes: schema.SURVEILLANCE_OPEN_INTERVAL_MINUTES },
      renderer: {
        chromiumPath: schema.CHROMIUM_PATH,
        pages: schema.RENDER_PAGES,
        timeoutMs: schema.RENDER_TIMEOUT_MS,
        maxAttempts: schema.RENDER_MAX_ATTEMPTS,
      },
      certificateSigning: { p12Path: schema.CERTIFICATE_P12_PATH, p12Password: schema.CERTIFICATE_P12_PASSWORD ?? '' },
      publicRateLimitPerMinute: schema.PUBLIC_RATE_LIMIT_PER_MINUTE,
      apiKeyRateLimitPerMinute: schema.API_KEY_RATE_LIMIT_PER_MINUTE,
      watchRateLimits: { perAddressPerHour: schema.WATCH_SUBSCRIBE_PER_ADDRESS_PER_HOUR, perIpPerHour: schema.WATCH_SUBSCRIBE_PER_IP_PER_HOUR },
      mail: { smtpUrl: schema.SMTP_URL, from: schema.MAIL_FROM },
      reports: {
        answerDays: schema.REPORT_ANSWER_DAYS,
        retentionMonths: schema.REPORT_RETENTION_MONTHS,
        surveillanceThreshold: schema.SURVEILLANCE_REPORT_THRESHOLD,
        surveillanceWindowDays: schema.SURVEILLANCE_WINDOW_DAYS,
        reporterKey: schema.REPORTS_REPORTER_KEY?.toLowerCase(),
      },
      transparency: {
        logKey: schema.TRANSPARENCY_LOG_KEY,
        checkpointIntervalSeconds: schema.TRANSPARENCY_CHECKPOINT_INTERVAL_SECONDS,
        witness:
          schema.TRANSPARENCY_WITNESS_URL !== undefined && schema.TRANSPARENCY_WITNESS_KEY !== undefined
            ? { url: schema.TRANSPARENCY_WITNESS_URL.replace(/\/+$/, ''), key: schema.TRANSPARENCY_WITNESS_KEY }
            : undefined,
      },
      feedSigningKey: schema.FEED_SIGNING_KEY?.toLowerCase(),
      webhooks: { requireHttps: schema.NODE_ENV === 'production', allowLoopback: schema.WEBHOOK_ALLOW_LOOPBACK ?? false, timeoutMs: schema.WEBHOOK_TIMEOUT_MS },
    }),
  );
}
