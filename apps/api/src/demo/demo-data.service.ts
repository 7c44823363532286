import { AppConfig } from '@app/config';
import { CLI_ACTOR, Role } from '@app/core';
import { UserAccount, UsersService } from '@app/identity';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface DemoUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password: string;
}

/** Known credentials, for the demo only: they are printed at every start and listed in the README. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@demo.aziendaqualificata.it', displayName: 'Amministratore Demo', role: 'admin', password: 'demo-admin-password' },
  { email: 'valutatore@demo.aziendaqualificata.it', displayName: 'Valeria Valutatrice', role: 'auditor', password: 'demo-auditor-password' },
  { email: 'deliberante@demo.aziendaqualificata.it', displayName: 'Davide Deliberante', role: 'reviewer', password: 'demo-reviewer-password' },
  { email: 'azienda@demo.aziendaqualificata.it', displayName: 'Francesca Azienda', role: 'firm', password: 'demo-firm-password' },
];

/** Fills an empty database with demo data, so a newcomer's first start shows a working platform. */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    if ((await this.dataSource.getRepository(UserAccount).count()) === 0) {
      for (const user of DEMO_USERS) await this.users.create(CLI_ACTOR, user);
      this.logger.log('Demo data loaded into the empty database');
    }
  }

  /** The demo accounts to show at start, when demo data is on. */
  demoAccountsNotice(): string | null {
    if (!this.config.demoData) return null;
    return `Demo accounts (demo only):\n${DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(42)} ${u.password}`).join('\n')}\n`;
  }
}
