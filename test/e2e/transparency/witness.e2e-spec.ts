import { generateNoteKey, openCheckpoint, parseNoteSigner, parseNoteVerifier, verifierKeyText } from '@app/transparency';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Witness } from '../../../apps/witness/src/witness';
import { witnessServer } from '../../../apps/witness/src/witness-server';
import { FileWitnessState } from '../../../apps/witness/src/witness-state';
import { ratedFirm } from '../../factories/rating.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The platform and the witness as separate parties: the witness (its own key and state file) cosigns
 * every checkpoint that extends what it saw, and refuses a second copy of the log with another history
 * under the same key (a fork), which the platform's /health/ready then reports.
 */
describe('witness cosigning (c2sp.org/tlog-witness)', () => {
  const logKey = generateNoteKey('registro.test.localhost/log', 'log');
  const witnessKey = parseNoteSigner(generateNoteKey('witness.test.localhost/oic', 'cosigner'));
  const stateDir = mkdtempSync(join(tmpdir(), 'aq-witness-'));
  let server: FastifyInstance;
  let honest: TestApp;
  let forked: TestApp | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    const witness = new Witness(witnessKey, [parseNoteVerifier(verifierKeyText(parseNoteSigner(logKey)))], new FileWitnessState(join(stateDir, 'state.json')));
    server = witnessServer(witness, verifierKeyText(witnessKey));
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    env = { TRANSPARENCY_LOG_KEY: logKey, TRANSPARENCY_WITNESS_URL: url, TRANSPARENCY_WITNESS_KEY: verifierKeyText(witnessKey), TRANSPARENCY_CHECKPOINT_INTERVAL_SECONDS: '60' };
    honest = await startTestApp({ env });
  });
  afterAll(async () => {
    await forked?.close();
    await server?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const publish = async (testApp: TestApp): Promise<{ logKey: string; cosigners: { name: string }[] }> => {
    const admin = await testApp.signIn('admin');
    return (await testApp.http.post('/api/v1/transparency/checkpoints').set(admin.auth).expect(200)).body as { logKey: string; cosigners: { name: string }[] };
  };

  it('cosigns each consistent checkpoint, and the published note carries the cosignature', async () => {
    await ratedFirm(honest);
    const first = await publish(honest);
    expect(first.cosigners.map((cosigner: { name: string }) => cosigner.name)).toEqual(['witness.test.localhost/oic']);
    await ratedFirm(honest);
    await ratedFirm(honest);
    const second = await publish(honest);
    const note = (await honest.http.get('/log/checkpoint').expect(200)).text;
    const opened = openCheckpoint(note, parseNoteVerifier(second.logKey), [parseNoteVerifier(verifierKeyText(witnessKey))]);
    expect(opened.size).toBe(3);
    expect(opened.signatures.map((signature) => signature.verifier.name)).toEqual(['registro.test.localhost/log', 'witness.test.localhost/oic']);
    const ready = (await honest.http.get('/health/ready').expect(200)).body;
    expect(ready.info.witness).toEqual({ status: 'up' });
  });

  it('refuses a fork of the log under the same key, and health says the witness stopped signing', async () => {
    // One platform per process at a time: the fork runs once the honest one is closed; the witness remembers.
    await honest.close();
    forked = await startTestApp({ env });
    const other = forked;
    // Another history of four leaves: the witness saw size 3 with a different root, so no proof can link them.
    for (let i = 0; i < 4; i++) await ratedFirm(other);
    const refused = await publish(other);
    expect(refused.cosigners).toEqual([]);
    other.clock.set(new Date(other.clock.now().getTime() + 10 * 60_000));
    const ready = (await other.http.get('/health/ready').expect(200)).body;
    expect(ready.info.witness.degraded).toMatch(/stopped signing: checkpoint 4 is not cosigned/);
  });
});
