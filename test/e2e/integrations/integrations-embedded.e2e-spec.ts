import { NumberDirectory, verifiedBody, publicKeyFromPem, FEED_KEY_PATH } from '@app/feeds';
import { Webhook } from 'standardwebhooks';
import { listedFirm, suspendRating } from '../../factories/registry.factory';
import { eventually } from '../../support/eventually';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

describe('the feed and the webhooks on the embedded database (PGlite, one session)', () => {
  let testApp: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    testApp = await startTestApp({ database: 'embedded', env: { WEBHOOK_ALLOW_LOOPBACK: 'true', WORKER_IN_PROCESS: 'true' } });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await testApp?.close();
    await receiver?.close();
  });

  it('serves a signed snapshot, and enqueues deliveries inside the event\'s transaction without waiting on the one session', async () => {
    const integrator = await testApp.signIn('integrator');
    const { key } = (await testApp.http.post('/api/v1/api-keys').set(integrator.auth).send({ name: 'all', scopes: ['registry:read', 'webhooks:manage'] }).expect(201)).body as { key: string };
    const auth = { Authorization: `Bearer ${key}` };
    const listed = await listedFirm(testApp, { legalName: 'Incorporata Webhook S.r.l.', numbers: ['06 5559001'] });
    const { secret } = (await testApp.http.post('/api/v1/webhooks/endpoints').set(auth).send({ url: receiver.url('/embedded'), events: ['firm.status_changed'] }).expect(201)).body as { secret: string };

    const snapshot = await testApp.http.get('/api/v1/feeds/calling-numbers').set(auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const publicKey = publicKeyFromPem((await testApp.http.get(FEED_KEY_PATH).expect(200)).body.publicKeyPem);
    expect(NumberDirectory.fromSnapshot(verifiedBody(snapshot.body as Buffer, publicKey)).lookup('+39065559001')?.vat).toBe(listed.firm.vatNumber);

    await suspendRating(testApp, listed);
    const [delivered] = await eventually(() => Promise.resolve().then(() => {
      expect(receiver.at('/embedded')).toHaveLength(1);
      return receiver.at('/embedded');
    }), 30_000);
    expect(new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>)).toMatchObject({ type: 'firm.status_changed', data: { status: 'suspended' } });
  });
});
