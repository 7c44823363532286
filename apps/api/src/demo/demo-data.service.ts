import { ApplicationsService, EvidenceService } from '@app/applications';
import { AuditsService, AuditWorkService } from '@app/audits';
import { ChecklistService } from '@app/checklist';
import { AppConfig } from '@app/config';
import { Actor, CLI_ACTOR, Clock, Role, romeCalendarDate } from '@app/core';
import { AuditDecisionsService } from '@app/decisions';
import { CallingNumbersService, FirmsService, OperatingSitesService, vatCheckDigit } from '@app/firms';
import { UserAccount, UsersService, UserView } from '@app/identity';
import { RatingsService } from '@app/ratings';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
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

/** The smallest well-formed PDF: the demo's stand-in for the documents a firm attaches. */
const DEMO_EVIDENCE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

interface DemoFirm {
  readonly legalName: string;
  readonly vatPrefix: string;
  readonly rocNumber: string;
  readonly office: { readonly address: string; readonly city: string; readonly province: string };
  readonly number: string;
  readonly email: string;
  readonly contact: string;
}

const DEMO_FIRMS = {
  qualified: {
    legalName: 'Servizi Clienti Qualificati S.p.A.',
    vatPrefix: '0987654321',
    rocNumber: '45678',
    office: { address: 'Corso Buenos Aires 10', city: 'Milano', province: 'MI' },
    number: '02 7654321',
    email: 'qualificata@demo.aziendaqualificata.it',
    contact: 'Quinto Qualificato',
  },
  suspended: {
    legalName: 'Teleassistenza Sospesa S.r.l.',
    vatPrefix: '0555444333',
    rocNumber: '56789',
    office: { address: 'Via Roma 5', city: 'Torino', province: 'TO' },
    number: '011 5554443',
    email: 'sospesa@demo.aziendaqualificata.it',
    contact: 'Sara Sospesa',
  },
  revoked: {
    legalName: 'Vendite Telefoniche Revocate S.r.l.',
    vatPrefix: '0666777888',
    rocNumber: '67890',
    office: { address: 'Via Toledo 200', city: 'Napoli', province: 'NA' },
    number: '081 6667778',
    email: 'revocata@demo.aziendaqualificata.it',
    contact: 'Riccardo Revocato',
  },
  awaitingAssignment: {
    legalName: 'Call Center In Attesa S.r.l.',
    vatPrefix: '0777888999',
    rocNumber: '78901',
    office: { address: 'Via Indipendenza 8', city: 'Bologna', province: 'BO' },
    number: '051 7778889',
    email: 'attesa@demo.aziendaqualificata.it',
    contact: 'Anna Attesa',
  },
  underAudit: {
    legalName: 'Assistenza In Verifica S.p.A.',
    vatPrefix: '0888999000',
    rocNumber: '89012',
    office: { address: 'Via Garibaldi 3', city: 'Genova', province: 'GE' },
    number: '010 8889990',
    email: 'verifica@demo.aziendaqualificata.it',
    contact: 'Vittorio Verifica',
  },
} as const satisfies Record<string, DemoFirm>;

const actorOf = (user: UserView, firmId: string | null = null): Actor => ({ userId: user.id, email: user.email, role: user.role, firmId });

/** Fills an empty database with demo data, so a newcomer's first start shows a working platform. */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly firms: FirmsService,
    private readonly sites: OperatingSitesService,
    private readonly numbers: CallingNumbersService,
    private readonly applications: ApplicationsService,
    private readonly evidence: EvidenceService,
    private readonly checklist: ChecklistService,
    private readonly audits: AuditsService,
    private readonly auditWork: AuditWorkService,
    private readonly decisions: AuditDecisionsService,
    private readonly ratings: RatingsService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    if ((await this.dataSource.getRepository(UserAccount).count()) === 0) {
      const created: UserView[] = [];
      for (const user of DEMO_USERS) created.push(await this.users.create(CLI_ACTOR, user));
      const firmUser = created.find((user) => user.role === 'firm');
      if (firmUser) await this.loadDemoFirm({ userId: firmUser.id, email: firmUser.email, role: 'firm', firmId: null });
      const staff = (role: Role) => created.find((user) => user.role === role);
      const [admin, auditor, reviewer] = [staff('admin'), staff('auditor'), staff('reviewer')];
      if (admin && auditor && reviewer) await this.loadRatedFirms(actorOf(admin), actorOf(auditor), actorOf(reviewer));
      this.logger.log('Demo data loaded into the empty database');
    }
  }

  /** The demo firm user's registered firm, with a site, calling numbers and a draft application. */
  private async loadDemoFirm(firmUser: Actor): Promise<void> {
    const firm = await this.firms.register(firmUser, {
      legalName: 'Contact Center Demo S.r.l.',
      vatNumber: '12345678903',
      rocNumber: '34567',
      registeredOffice: { address: 'Via Tiburtina 1000', city: 'Roma', province: 'RM' },
      pecAddress: 'contactcenterdemo@pec.example.it',
      website: 'https://www.contactcenterdemo.example.it',
      serviceKind: 'both',
    });
    const member: Actor = { ...firmUser, firmId: firm.id };
    await this.sites.declare(member, firm.id, { name: 'Sede operativa di Roma', address: 'Via Tiburtina 1000', city: 'Roma', country: 'IT' });
    for (const number of ['06 9876543', '02 8765432', '800 123456']) await this.numbers.declare(member, firm.id, number);
    await this.applications.open(member);
  }

  /**
   * Firms that went the whole way through the platform's services (applied with evidence, audited by
   * the demo auditor, approved by the demo reviewer), one of them since suspended and one revoked, as
   * the public registry lists both; and two more waiting for the staff: one to assign, one to audit.
   */
  private async loadRatedFirms(admin: Actor, auditor: Actor, reviewer: Actor): Promise<void> {
    await this.throughAudit(DEMO_FIRMS.qualified, { admin, auditor, reviewer });
    const suspended = await this.throughAudit(DEMO_FIRMS.suspended, { admin, auditor, reviewer });
    if (suspended) {
      await this.ratings.suspend(reviewer, suspended, { reason: 'irregularities', publicNote: 'Verifiche in corso su segnalazioni di chiamate senza consenso.' });
    }
    const revoked = await this.throughAudit(DEMO_FIRMS.revoked, { admin, auditor, reviewer });
    if (revoked) {
      await this.ratings.revoke(reviewer, revoked, { reason: 'new_definitive_sanction', publicNote: 'Sanzione definitiva del Garante per il trattamento illecito di dati personali.' });
    }
    await this.throughAudit(DEMO_FIRMS.awaitingAssignment, { admin: null, auditor, reviewer: null });
    await this.throughAudit(DEMO_FIRMS.underAudit, { admin, auditor, reviewer: null });
  }

  /**
   * A firm with an owner, a number and a submitted application with every declared item answered
   * compliant with evidence; then as far as the staff given take it: assigned, audited and approved.
   * Returns the rating's id once approved.
   */
  private async throughAudit(spec: DemoFirm, staff: { admin: Actor | null; auditor: Actor; reviewer: Actor | null }): Promise<string | null> {
    const owner = await this.users.create(CLI_ACTOR, { email: spec.email, displayName: spec.contact, role: 'firm', password: randomBytes(24).toString('base64url') });
    const firm = await this.firms.register(actorOf(owner), {
      legalName: spec.legalName,
      vatNumber: `${spec.vatPrefix}${vatCheckDigit(spec.vatPrefix)}`,
      rocNumber: spec.rocNumber,
      registeredOffice: spec.office,
      pecAddress: `${spec.email.split('@')[0]}@pec.example.it`,
      serviceKind: 'inbound',
    });
    const member = actorOf(owner, firm.id);
    await this.numbers.declare(member, firm.id, spec.number);
    const application = await this.applications.open(member);
    const version = await this.checklist.getVersion(application.checklistVersionId);
    const evidenceOf = new Map<string, string>();
    for (const item of version.items.filter((candidate) => candidate.assessment === 'declared')) {
      await this.applications.answer(member, application.id, item.code, { compliance: 'compliant', statement: `Conforme: documento allegato per ${item.code}` });
      const uploaded = await this.evidence.upload(member, application.id, item.code, {
        bytes: DEMO_EVIDENCE_PDF,
        clientFileName: `${item.code}.pdf`,
        effectiveDate: romeCalendarDate(this.clock.now()),
      });
      evidenceOf.set(item.code, uploaded.id);
    }
    await this.applications.submit(member, application.id);
    if (!staff.admin) return null;
    const audit = await this.audits.assign(staff.admin, application.id, staff.auditor.userId);
    if (!staff.reviewer) return null;
    for (const [itemCode, evidenceId] of evidenceOf) {
      await this.auditWork.recordItemResult(staff.auditor, audit.id, itemCode, { result: 'met', note: 'Documento verificato', evidenceIds: [evidenceId] });
    }
    await this.auditWork.propose(staff.auditor, audit.id, { outcome: 'approve' });
    const decided = await this.decisions.decide(staff.reviewer, audit.id, { outcome: 'approve' });
    return decided.rating?.id ?? null;
  }
}
