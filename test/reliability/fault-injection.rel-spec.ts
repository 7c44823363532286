import { RatingInvariantsModule, RatingInvariantsService } from '@app/certificates';
import { DataSource } from 'typeorm';
import { AssignedAudit, proposedAudit } from '../factories/audit.factory';
import { eventually } from '../support/eventually';
import { SignedInUser, startTestApp, TestApp } from '../support/test-app';

const FAULT = 'injected fault';

/** Everything a decision writes, counted: a failed decision must leave every figure as it was. */
interface Footprint {
  readonly numbersTaken: number;
  readonly ratings: number;
  readonly ratingEvents: number;
  readonly decisions: number;
  readonly historyEvents: number;
  readonly renderJobs: number;
  readonly auditStatus: string;
  readonly applicationState: string;
}

/**
 * Boulder's way of proving all-or-nothing writes: a trigger makes one insert of the decision fail, and
 * the decision must leave nothing behind (no rating, no certificate number taken, no history event, no
 * job), answer a clean error, and succeed once the trigger is gone.
 */
function describeFaultInjection(database: 'server' | 'embedded') {
  describe(`fault injection on the decision and the certificate (${database})`, () => {
    let testApp: TestApp;
    let db: DataSource;
    let staff: { admin: SignedInUser; auditor: SignedInUser };
    let reviewer: SignedInUser;

    beforeAll(async () => {
      testApp = await startTestApp({ database, env: { WORKER_IN_PROCESS: 'true' }, imports: [RatingInvariantsModule] });
      db = testApp.app.get(DataSource);
      staff = { admin: await testApp.signIn('admin'), auditor: await testApp.signIn('auditor') };
      reviewer = await testApp.signIn('reviewer');
    });
    afterAll(() => testApp.close());

    const injectFault = async (table: string, events: string) => {
      await db.query(`CREATE FUNCTION inject_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${FAULT} on %', TG_TABLE_NAME; END $$`);
      await db.query(`CREATE TRIGGER trg_inject_fault BEFORE ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION inject_fault()`);
    };
    const removeFault = async (table: string) => {
      await db.query(`DROP TRIGGER trg_inject_fault ON ${table}`);
      await db.query(`DROP FUNCTION inject_fault()`);
    };

    const footprint = async (audit: AssignedAudit): Promise<Footprint> => {
      const [row] = await db.query<Footprint[]>(
        `SELECT (SELECT coalesce(sum(last_sequence), 0) FROM certificate_counter)::int AS "numbersTaken",
                (SELECT count(*) FROM rating)::int AS ratings,
                (SELECT count(*) FROM rating_event)::int AS "ratingEvents",
                (SELECT count(*) FROM audit_decision)::int AS decisions,
                (SELECT count(*) FROM history WHERE action <> 'rating.certificate_attached')::int AS "historyEvents",
                (SELECT count(*) FROM pgboss.job WHERE name = 'certificates.render')::int AS "renderJobs",
                (SELECT status FROM audit WHERE id = $1) AS "auditStatus",
                (SELECT state FROM application WHERE id = $2) AS "applicationState"`,
        [audit.auditId, audit.applicationId],
      );
      return row;
    };

    const decide = (audit: AssignedAudit) => testApp.http.post(`/api/v1/audits/${audit.auditId}/decision`).set(reviewer.auth).send({ outcome: 'approve' });

    // The rating's own insert; the render job, the last write of the issue; the decision row, written after the number was taken.
    it.each([
      ['rating', 'the rating insert'],
      ['pgboss.job', 'the certificate render job insert'],
      ['audit_decision', 'the decision insert, after the certificate number was taken'],
    ])('an approval whose %s insert fails leaves nothing behind, then succeeds (%s)', async (table) => {
      const audit = await proposedAudit(testApp, staff);
      const before = await footprint(audit);
      await injectFault(table, 'INSERT');
      let failed;
      try {
        failed = await decide(audit);
      } finally {
        await removeFault(table);
      }
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(failed.body).toEqual(expect.objectContaining({ statusCode: failed.status, code: expect.any(String), message: expect.any(String), requestId: expect.any(String) }));
      expect(failed.text).not.toContain(FAULT);
      expect(await footprint(audit)).toEqual(before);

      const decided = await decide(audit).expect(201);
      const after = await footprint(audit);
      expect(after).toEqual({
        numbersTaken: before.numbersTaken + 1,
        ratings: before.ratings + 1,
        ratingEvents: before.ratingEvents + 1,
        decisions: before.decisions + 1,
        historyEvents: before.historyEvents + 3,
        renderJobs: before.renderJobs + 1,
        auditStatus: 'decided',
        applicationState: 'decided',
      });
      expect(decided.body.rating.certificateNumber).toMatch(new RegExp(`-${String(after.numbersTaken).padStart(6, '0')}$`));
    });

    it('a certificate whose PDF cannot be stored stays unrendered, then its render job attaches it once the fault is gone', async () => {
      const audit = await proposedAudit(testApp, staff);
      await injectFault('stored_blob', 'INSERT');
      let ratingId: string;
      try {
        const decided = await decide(audit).expect(201);
        ratingId = decided.body.rating.id as string;
        // The job ran and failed on the insert: it is waiting for its retry, and nothing was attached.
        await eventually(async () => {
          const [job] = await db.query<{ state: string; retry_count: number }[]>(`SELECT state, retry_count FROM pgboss.job WHERE name = 'certificates.render' AND data->>'ratingId' = $1`, [ratingId]);
          expect(job).toEqual({ state: 'retry', retry_count: 0 });
        }, 60_000, 100);
        const [rating] = await db.query<{ certificate_sha256: string | null; attached: number }[]>(
          `SELECT certificate_sha256, (SELECT count(*) FROM history WHERE entity_id = $1::text AND action = 'rating.certificate_attached')::int AS attached FROM rating WHERE id = $1::uuid`,
          [ratingId],
        );
        expect(rating).toEqual({ certificate_sha256: null, attached: 0 });
      } finally {
        await removeFault('stored_blob');
      }
      await eventually(async () => {
        const [attached] = await db.query<{ certificate_sha256: string | null; events: number; blobs: number }[]>(
          `SELECT r.certificate_sha256, (SELECT count(*) FROM history WHERE entity_id = $1::text AND action = 'rating.certificate_attached')::int AS events,
                  (SELECT count(*) FROM stored_blob b WHERE b.sha256 = r.certificate_sha256)::int AS blobs
           FROM rating r WHERE r.id = $1::uuid`,
          [ratingId],
        );
        expect(attached).toEqual({ certificate_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), events: 1, blobs: 1 });
      }, 90_000, 250);
      await eventually(async () => expect(await testApp.app.get(RatingInvariantsService).check()).toEqual(expect.objectContaining({ failures: [], warnings: [] })), 60_000, 250);
    });
  });
}

describeFaultInjection('server');
describeFaultInjection('embedded');
