import { Injectable } from '@nestjs/common';

export type AssignedAuditorLookup = (applicationId: string) => Promise<string | null>;

/**
 * Who audits an application. The audit work knows and provides the lookup at start-up (this library
 * comes before it and cannot ask); until it does, no application has an assigned auditor.
 */
@Injectable()
export class AssignedAuditors {
  private lookup: AssignedAuditorLookup = () => Promise.resolve(null);

  provide(lookup: AssignedAuditorLookup): void {
    this.lookup = lookup;
  }

  of(applicationId: string): Promise<string | null> {
    return this.lookup(applicationId);
  }
}
