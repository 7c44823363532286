import { CLI_ACTOR, DomainError } from '@app/core';
import { UsersService } from '@app/identity';
import { randomBytes } from 'node:crypto';
import { Command, CommandRunner, Option } from 'nest-commander';

interface CreateAdminOptions {
  email: string;
  name: string;
  password?: string;
}

/** The first admin cannot be created through the API (nobody could authorise it), so it is created here. */
@Command({ name: 'create-admin', description: 'Create an administrator account' })
export class CreateAdminCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_: string[], options: CreateAdminOptions): Promise<void> {
    const problem = !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.email)
      ? `Not an e-mail address: ${options.email}`
      : options.password !== undefined && options.password.length < 12
        ? 'The password must be at least 12 characters long'
        : undefined;
    if (problem) {
      process.stderr.write(`${problem}\n`);
      process.exitCode = 1;
      return;
    }
    const password = options.password ?? randomBytes(18).toString('base64url');
    try {
      const admin = await this.users.create(CLI_ACTOR, { email: options.email, displayName: options.name, password, role: 'admin' });
      process.stdout.write(`Created admin ${admin.email} (${admin.id})\n`);
      if (options.password === undefined) process.stdout.write(`Generated password: ${password}\nChange it after the first sign-in.\n`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--email <email>', description: 'E-mail address to sign in with', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Name shown in the history', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', description: 'At least 12 characters; omit it to have a strong one generated' })
  parsePassword(value: string): string {
    return value;
  }
}
