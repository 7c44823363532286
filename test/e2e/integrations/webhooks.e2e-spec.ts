import { TransactionAdapter } from '@app/database';
import { RatingsService } from '@app/ratings';
import { FAILING_ENDPOINT_LIMIT_MS, WebhookDispatcher } from '@app/webhooks';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { listedFirm, suspendRating, reinstateRating } from '../../factories/registry.factory';
import { reviewerActor } from '../../factories/rating.factory';
import { eventually } from '../../support/eventually';
import { SignedInUser, startTestApp, TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

describe('signed webhooks: outbox deliveries, Standard Webhooks signatures, retries log, rotation, SSRF guard', () => {
  let testApp: TestApp;
  let receiver: WebhookReceiver;
  let integrator: SignedInUser;
  let key: { Authorization: string };

  beforeAll(async () => {
    testApp = await startTestApp({ env: { WORKER_IN_PROCESS: 'true', WEBHOOK_ALLOW_LOOPBACK: 'true' } });
    receiver = await WebhookReceiver.start();
    integrator = await testApp.signIn('integrator');
    const created = await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'hooks', scopes: ['webhooks:manage'] }).expect(201);
    key = { Authorization: `Bearer ${created.body.key}` };
  });
  afterAll(async () => {
    await testApp?.close();
    await receiver?.close();
  });

  /** Waits until a synchronous check of what the receiver holds passes. */
  const waitFor = <T>(check: () => T, withinMs = 15_000): Promise<T> => eventually(() => Promise.resolve().then(check), withinMs);

  const register = async (path: string, body: object = {}) =>
    (await testApp.http.post('/api/v1/webhooks/endpoints').set(key).send({ url: receiver.url(path), events: ['firm.status_changed'], ...body }).expect(201)).body as {
      endpoint: { id: string };
      secret: string;
    };

  it('refuses targets that are not public addresses, naming the field', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.7/hook', 'http://[fd00::1]/hook', 'ftp://example.com/x', 'http://user:pw@example.com/']) {
      const response = await testApp.http.post('/api/v1/webhooks/endpoints').set(key).send({ url, events: ['firm.status_changed'] }).expect(400);
      expect({ url, field: Object.keys(response.body.details.fields) }).toEqual({ url, field: ['url'] });
    }
    const badEvent = await testApp.http.post('/api/v1/webhooks/endpoints').set(key).send({ url: receiver.url('/x'), events: ['everything'] }).expect(400);
    expect(badEvent.body.details.fields.events).toBeDefined();
  });

  it('delivers a status change, signed per Standard Webhooks, only to endpoints that want that firm, and logs the attempt', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Fornitore Monitorato S.r.l.' });
    const mine = await register('/mine', { vatNumbers: [listed.firm.vatNumber] });
    await register('/other', { vatNumbers: ['00000000000'] });
    await register('/certificates', { events: ['certificate.issued'] });
    await suspendRating(testApp, listed);

    const [delivered] = await waitFor(() => {
      expect(receiver.at('/mine')).toHaveLength(1);
      return receiver.at('/mine');
    });
    const payload = new Webhook(mine.secret).verify(delivered.body, delivered.headers as Record<string, string>) as { type: string; data: { vatNumber: string; status: string; qualified: boolean } };
    expect(payload).toMatchObject({ type: 'firm.status_changed', data: { vatNumber: listed.firm.vatNumber, status: 'suspended', qualified: false, change: 'suspended' } });
    expect(receiver.at('/other')).toHaveLength(0);
    expect(receiver.at('/certificates')).toHaveLength(0);

    const deliveries = await eventually(async () => {
      const response = await testApp.http.get(`/api/v1/webhooks/endpoints/${mine.endpoint.id}/deliveries`).set(key).expect(200);
      expect(response.body[0].status).toBe('delivered');
      return response.body as { id: string }[];
    }, 5_000);
    expect(deliveries[0]).toMatchObject({ id: delivered.headers['webhook-id'], attempts: 1, lastStatusCode: 204, log: [{ attempt: 1, statusCode: 204, error: null }] });

    // Redelivery: the same webhook-id again, so a receiver can tell it is the same event.
    await testApp.http.post(`/api/v1/webhooks/deliveries/${deliveries[0].id}/redeliver`).set(key).expect(202);
    await waitFor(() => expect(receiver.at('/mine')).toHaveLength(2));
    expect(receiver.at('/mine')[1].headers['webhook-id']).toBe(delivered.headers['webhook-id']);
  });

  it('writes deliveries in the event\'s own transaction: a rolled-back change sends nothing', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Transazione Annullata S.r.l.' });
    await register('/rolled-back', { vatNumbers: [listed.firm.vatNumber] });
    const txHost = testApp.app.get<TransactionHost<TransactionAdapter>>(TransactionHost);
    await expect(
      txHost.withTransaction(async () => {
        await testApp.app.get(RatingsService).suspend(reviewerActor(listed.reviewer), listed.rating.id, { reason: 'irregularities', publicNote: 'prova' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [{ count }] = await testApp.app.get(DataSource).query(
      `SELECT count(*)::int AS count FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE e.url = $1`,
      [receiver.url('/rolled-back')],
    );
    expect(count).toBe(0);
  });

  it('signs with both secrets for 24 hours after a rotation', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Segreto Ruotato S.r.l.' });
    const endpoint = await register('/rotated', { vatNumbers: [listed.firm.vatNumber] });
    const rotated = (await testApp.http.post(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}/rotate-secret`).set(key).expect(200)).body as { secret: string };
    expect(rotated.secret).not.toBe(endpoint.secret);
    await suspendRating(testApp, listed);
    const [delivered] = await waitFor(() => {
      expect(receiver.at('/rotated')).toHaveLength(1);
      return receiver.at('/rotated');
    });
    expect(String(delivered.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secret, rotated.secret]) expect(() => new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>)).not.toThrow();
  });

  it('never shows or changes another owner\'s endpoints', async () => {
    const endpoint = await register('/private');
    const other = await testApp.signIn('firm');
    await testApp.http.get(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}`).set(other.auth).expect(404);
    await testApp.http.delete(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}`).set(other.auth).expect(404);
    const feedKey = (await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'feed only', scopes: ['registry:read'] }).expect(201)).body.key;
    await testApp.http.get('/api/v1/webhooks/endpoints').set('Authorization', `Bearer ${feedKey}`).expect(403);
  });

  it('disables an endpoint that has failed for 3 days and tells its owner (history event, workspace notice)', async () => {
    const listed = await listedFirm(testApp, { legalName: 'Ricevitore Guasto S.r.l.' });
    const endpoint = await register('/broken', { vatNumbers: [listed.firm.vatNumber] });
    receiver.status = 500;
    try {
      await suspendRating(testApp, listed);
      await waitFor(() => expect(receiver.at('/broken')).toHaveLength(1));
      const deliveries = await eventually(async () => {
        const response = await testApp.http.get(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}/deliveries`).set(key).expect(200);
        expect(response.body[0].log).toHaveLength(1);
        return response.body as { id: string }[];
      }, 5_000);
      expect(deliveries[0]).toMatchObject({ status: 'pending', lastStatusCode: 500 });
      const failing = (await testApp.http.get(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}`).set(key).expect(200)).body;
      expect(failing.failingSince).not.toBeNull();

      // The job's later retries, three days on (pg-boss's backoff would wait that long).
      testApp.clock.set(new Date(testApp.clock.now().getTime() + FAILING_ENDPOINT_LIMIT_MS + 60_000));
      await testApp.app.get(WebhookDispatcher).deliver(deliveries[0].id, 9);
      const disabled = (await testApp.http.get(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}`).set(key).expect(200)).body;
      expect(disabled).toMatchObject({ disabledReason: 'failing_for_3_days' });
      const [event] = await testApp.app.get(DataSource).query(`SELECT actor_label, after FROM history WHERE action = 'webhook_endpoint.disabled' AND entity_id = $1`, [endpoint.endpoint.id]);
      expect(event.after).toMatchObject({ ownerId: integrator.id, reason: 'failing_for_3_days' });

      const web = new WebVisitor(testApp.app);
      await web.signIn(integrator.email, integrator.password);
      const page = await expectStatus(web.get('/area/integrazioni'), 200);
      expect(page.text).toContain(`Il webhook ${receiver.url('/broken')} è stato disattivato`);

      await testApp.http.post(`/api/v1/webhooks/endpoints/${endpoint.endpoint.id}/enable`).set(key).expect(200);
    } finally {
      receiver.status = 204;
    }
    await reinstateRating(testApp, listed);
    await waitFor(() => expect(receiver.at('/broken').length).toBeGreaterThanOrEqual(2));
  });
});
