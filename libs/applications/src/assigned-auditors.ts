import { Injectable } from '@nestjs/common';

export interface AssignedAuditorLookup {
  /** The auditor assigned to audit the application, if any. */
  of(applicationId: string): Promise<string | null>;
  /** The applications assigned to this auditor. */
  auditedBy(auditorId: string): Promise<string[]>;
}

/**
 * Who audits an application. The audit work knows and provides the lookup at start-up (this library
 * comes before it and cannot ask); until it does, no application has an assigned auditor.
 */
@Injectable()
export class AssignedAuditors {
  private lookup: AssignedAuditorLookup = { of: () => Promise.resolve(null), auditedBy: () => Promise.resolve([]) };

  provide(lookup: AssignedAuditorLookup): void {
    this.lookup = lookup;
  }

  of(applicationId: string): Promise<string | null> {
    return this.lookup.of(applicationId);
  }

  auditedBy(auditorId: string): Promise<string[]> {
    return this.lookup.auditedBy(auditorId);
  }
}
