import { type Actor, SYSTEM_ACTOR } from '@app/core';
import { HistoryService } from '@app/history';
import { UsersService } from '@app/identity';
import { type NewSanction, SanctionAnnulledError, SanctionEvents, SanctionExistsError, SanctionsService, UnknownFirmError } from '@app/sanctions';
import { randomUUID } from 'node:crypto';
import { firmWithOwner } from '../../factories/firm.factory';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The sanctions register at the service level, on a real database: what the rules (unit tier) and
 * the HTTP API (e2e tier) do not show on their own — the transaction, the history event written
 * with the change, the database's last word on duplicates, and the event other domains listen to.
 */
describe('SanctionsService (PostgreSQL server)', () => {
  let testApp: TestApp;
  let sanctions: SanctionsService;
  let history: HistoryService;
  let admin: Actor;
  const announced: string[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    testApp.clock.set(new Date('2026-06-15T10:00:00Z'));
    sanctions = testApp.app.get(SanctionsService);
    history = testApp.app.get(HistoryService);
    testApp.app.get(SanctionEvents).subscribe({ sanctionBecameDefinitive: (_actor, event) => Promise.resolve(void announced.push(event.sanctionId)) });
    const user = await testApp.app.get(UsersService).create(SYSTEM_ACTOR, { email: `admin-${randomUUID()}@test.example.it`, displayName: 'Amministratrice', password: 'password password', role: 'admin' });
    admin = { userId: user.id, email: user.email, role: 'admin', firmId: null };
  });
  afterAll(() => testApp.close());

  const sanction = (firmId: string, overrides: Partial<NewSanction> = {}): NewSanction => ({
    firmId,
    authority: 'garante_privacy',
    reference: `doc. web n. ${randomUUID().slice(0, 8)}`,
    conductCategory: 'data_protection',
    amountCents: 5_000_000,
    imposedOn: '2025-03-01',
    definitiveOn: '2025-04-01',
    sourceUrl: 'https://www.garanteprivacy.it/',
    notes: null,
    ...overrides,
  });

  it('records a sanction with its history event, and announces it when it counts against the seal', async () => {
    const firm = await firmWithOwner(testApp);
    const recorded = await sanctions.record(admin, sanction(firm.id));
    const events = await history.forEntity('sanction', recorded.id);
    expect(events.map((event) => event.action)).toEqual(['sanction.recorded']);
    expect(events[0].actorId).toBe(admin.userId);
    expect(announced).toContain(recorded.id);
  });

  it('does not announce a sanction under appeal until it becomes definitive, then once', async () => {
    const firm = await firmWithOwner(testApp);
    const underAppeal = await sanctions.record(admin, sanction(firm.id, { definitiveOn: null }));
    expect(announced).not.toContain(underAppeal.id);
    await sanctions.update(admin, underAppeal.id, { definitiveOn: '2026-01-10' });
    await sanctions.update(admin, underAppeal.id, { notes: 'Confermata in appello' });
    expect(announced.filter((id) => id === underAppeal.id)).toHaveLength(1);
    expect((await history.forEntity('sanction', underAppeal.id)).map((event) => event.action)).toEqual(['sanction.recorded', 'sanction.became_definitive', 'sanction.updated']);
  });

  it('lets exactly one of two concurrent identical records in', async () => {
    const firm = await firmWithOwner(testApp);
    const same = sanction(firm.id);
    const outcomes = await Promise.allSettled([sanctions.record(admin, same), sanctions.record(admin, same)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(SanctionExistsError) });
    expect((await sanctions.list({ firmId: firm.id, page: 1, pageSize: 10 })).total).toBe(1);
  });

  it('refuses an unknown firm without writing anything', async () => {
    const missing = randomUUID();
    await expect(sanctions.record(admin, sanction(missing))).rejects.toBeInstanceOf(UnknownFirmError);
    expect(await history.forEntity('sanction', missing)).toHaveLength(0);
  });

  it('keeps an annulled sanction in the register, out of the rule, and unchangeable', async () => {
    const firm = await firmWithOwner(testApp);
    const recorded = await sanctions.record(admin, sanction(firm.id));
    expect(await sanctions.evaluateForFirm(firm.id, testApp.clock.now())).toMatchObject({ passed: false, counting: [{ id: recorded.id }] });

    await sanctions.annul(admin, recorded.id, '  Annullata dal TAR  ');
    expect(await sanctions.get(recorded.id)).toMatchObject({ status: 'annulled' });
    expect(await sanctions.evaluateForFirm(firm.id, testApp.clock.now())).toMatchObject({ passed: true, counting: [] });
    await expect(sanctions.update(admin, recorded.id, { notes: 'x' })).rejects.toBeInstanceOf(SanctionAnnulledError);
    await expect(sanctions.annul(admin, recorded.id, 'again')).rejects.toBeInstanceOf(SanctionAnnulledError);
    expect((await sanctions.list({ firmId: firm.id, status: 'annulled', page: 1, pageSize: 10 })).items.map((item) => item.id)).toEqual([recorded.id]);
  });

  it('counts a sanction that became definitive within two years of the decision day in Rome, not one a day older', async () => {
    const firm = await firmWithOwner(testApp);
    const onTheLimit = await sanctions.record(admin, sanction(firm.id, { imposedOn: '2024-05-01', definitiveOn: '2024-06-16' }));
    await sanctions.record(admin, sanction(firm.id, { imposedOn: '2024-05-01', definitiveOn: '2024-06-15' }));
    // 23:30 in Rome on 15 June is still the 15th, though it is 21:30 UTC.
    const verdict = await sanctions.evaluateForFirm(firm.id, new Date('2026-06-15T21:30:00Z'));
    expect(verdict).toMatchObject({ decisionDay: '2026-06-15', passed: false });
    expect(verdict.counting.map((counted) => counted.id)).toEqual([onTheLimit.id]);
  });
});
