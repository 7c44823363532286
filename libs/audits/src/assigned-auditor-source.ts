import { AssignedAuditors } from '@app/applications';
import type { TransactionAdapter } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** Tells the applications library who audits an application, so that auditor (and no other) may read it and its evidence. */
@Injectable()
export class AssignedAuditorSource implements OnModuleInit {
  constructor(
    private readonly assignedAuditors: AssignedAuditors,
    private readonly txHost: TransactionHost<TransactionAdapter>,
  ) {}

  onModuleInit(): void {
    this.assignedAuditors.provide({
      of: async (applicationId) => {
        const [row] = await this.txHost.tx.query<{ auditor_id: string }[]>(`SELECT auditor_id FROM audit WHERE application_id = $1`, [applicationId]);
        return row?.auditor_id ?? null;
      },
      auditedBy: async (auditorId) => {
        const rows = await this.txHost.tx.query<{ application_id: string }[]>(`SELECT application_id FROM audit WHERE auditor_id = $1`, [auditorId]);
        return rows.map((row) => row.application_id);
      },
    });
  }
}
