import { romeCalendarDate } from '@app/core';
import { drawSample } from '@app/surveillance';
import { DataSource } from 'typeorm';
import { registerFirm } from '../../factories/firm.factory';
import { declareNumber, listedFirm, ListedFirm, revokeRating } from '../../factories/registry.factory';
import type { SignedInUser, TestApp } from '../../support/test-app';
import { expectStatus, WebVisitor } from '../../support/web-visitor';

const PLANS = '/api/v1/surveillance/plans';

/** Surveillance plans through the API: who may make them, bad input, the draw, its explanation and reproduction, and the database's guards. */
export function surveillancePlansSuite(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let db: DataSource;
  let admin: SignedInUser;
  let year: number;
  let risky: ListedFirm;
  let clean: ListedFirm[];
  let revoked: ListedFirm;

  beforeAll(async () => {
    testApp = await start();
    db = testApp.app.get(DataSource);
    admin = await testApp.signIn('admin');
    year = Number(romeCalendarDate(testApp.clock.now()).slice(0, 4));
    risky = await listedFirm(testApp);
    // A minute after the decision: two new calling numbers and a site outside the EU.
    testApp.clock.set(new Date(testApp.clock.now().getTime() + 60_000));
    await declareNumber(testApp, risky.firm, '+39 06 5551001');
    await declareNumber(testApp, risky.firm, '+39 06 5551002');
    await testApp.http
      .post(`/api/v1/firms/${risky.firm.id}/sites`)
      .set(risky.firm.owner.auth)
      .send({ name: 'Sede Tirana', address: 'Rruga e Kavajës 10', city: 'Tirana', country: 'AL' })
      .expect(201);
    clean = [];
    for (let index = 0; index < 4; index += 1) clean.push(await listedFirm(testApp));
    revoked = await listedFirm(testApp);
    await revokeRating(testApp, revoked);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lets only admins make or read plans', async () => {
    for (const role of ['reviewer', 'auditor', 'firm'] as const) {
      const user = await testApp.signIn(role);
      const refused = await testApp.http.post(PLANS).set(user.auth).send({ year }).expect(403);
      expect(refused.body.code).toBe('forbidden');
      await testApp.http.get(PLANS).set(user.auth).expect(403);
    }
    await testApp.http.post(PLANS).send({ year }).expect(401);
    expect((await testApp.http.get(PLANS).set(admin.auth).expect(200)).body).toEqual([]);
  });

  it('refuses bad input with the field named, and a year other than this one or the next', async () => {
    for (const samplePercent of [101, -1, 12.5, 'dieci']) {
      const refused = await testApp.http.post(PLANS).set(admin.auth).send({ year, samplePercent }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('samplePercent');
    }
    expect(JSON.stringify((await testApp.http.post(PLANS).set(admin.auth).send({}).expect(400)).body)).toContain('year');
    expect(JSON.stringify((await testApp.http.post(PLANS).set(admin.auth).send({ year, itemCodes: ['nope'] }).expect(400)).body)).toContain('itemCodes');
    const past = await testApp.http.post(PLANS).set(admin.auth).send({ year: year - 1 }).expect(422);
    expect(past.body).toMatchObject({ code: 'plan_year_refused' });
    const unknown = await testApp.http.post(PLANS).set(admin.auth).send({ year, itemCodes: ['ZZZ-99'] }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'unknown_checklist_items' });
    expect((await testApp.http.get(PLANS).set(admin.auth).expect(200)).body).toEqual([]);
  });

  it("makes the year's plan once: every active rating listed, the sample drawn by weight, reproducible from the seed", async () => {
    const made = await testApp.http.post(PLANS).set(admin.auth).send({ year, samplePercent: 34 }).expect(201);
    const plan = made.body;
    expect(plan).toMatchObject({ year, samplePercent: 34, population: 5, sampleSize: 2, createdById: admin.id });
    expect(plan.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(plan.itemCodes.length).toBeGreaterThan(0);
    expect(plan.weights.base).toBe(10);
    // Every active rating, the revoked one not.
    const listedRatings = [risky, ...clean].map((listed) => listed.rating.id).sort();
    expect(plan.entries.map((entry: { ratingId: string }) => entry.ratingId).sort()).toEqual(listedRatings);
    expect(plan.entries.map((entry: { rank: number }) => entry.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.entries.filter((entry: { drawn: boolean }) => entry.drawn)).toHaveLength(2);

    const riskyEntry = plan.entries.find((entry: { firmId: string }) => entry.firmId === risky.firm.id);
    expect(riskyEntry.factors).toEqual({ substantiatedReports: 0, minorFindings: 0, sitesOutsideEu: 1, numbersAddedSinceDecision: 2, daysSinceLastCheck: 0 });
    expect(riskyEntry.weight).toBe(10 + 30 + 10);
    expect(plan.entries.find((entry: { firmId: string }) => entry.firmId === clean[0].firm.id).weight).toBe(10);

    // Anyone with the plan recomputes the same draw from its seed, factors and weights.
    const recomputed = drawSample(
      plan.seed,
      plan.samplePercent,
      plan.entries.map((entry: { ratingId: string; firmId: string; factors: unknown }) => ({ ratingId: entry.ratingId, firmId: entry.firmId, factors: entry.factors })),
      plan.weights,
    );
    expect(recomputed.threshold).toBe(plan.threshold);
    expect(recomputed.entries.map((entry) => [entry.ratingId, entry.explanation.rank, entry.explanation.drawn, entry.explanation.key])).toEqual(
      plan.entries.map((entry: { ratingId: string; rank: number; drawn: boolean; drawKey: number }) => [entry.ratingId, entry.rank, entry.drawn, entry.drawKey]),
    );

    const again = await testApp.http.post(PLANS).set(admin.auth).send({ year }).expect(409);
    expect(again.body.code).toBe('surveillance_plan_exists');
    expect((await testApp.http.get(PLANS).set(admin.auth).expect(200)).body.map((each: { id: string }) => each.id)).toEqual([plan.id]);
    expect((await testApp.http.get(`${PLANS}/${plan.id}`).set(admin.auth).expect(200)).body).toEqual(plan);

    const [event] = await db.query(`SELECT actor_id, after FROM history WHERE action = 'surveillance_plan.created' AND entity_id = $1`, [plan.id]);
    expect(event.actor_id).toBe(admin.id);
    expect(event.after).toMatchObject({ year, seed: plan.seed, population: 5, sampleSize: 2 });
  });

  it('explains why a firm was or was not drawn, and says when a firm is not in the plan', async () => {
    const [plan] = (await testApp.http.get(PLANS).set(admin.auth).expect(200)).body;
    const full = (await testApp.http.get(`${PLANS}/${plan.id}`).set(admin.auth).expect(200)).body;
    const drawn = full.entries.find((entry: { drawn: boolean }) => entry.drawn);
    const notDrawn = full.entries.find((entry: { drawn: boolean }) => !entry.drawn);

    const why = await testApp.http.get(`${PLANS}/${plan.id}/firms/${drawn.firmId}`).set(admin.auth).expect(200);
    expect(why.body).toMatchObject({ outcome: 'drawn', firmId: drawn.firmId, entry: drawn, plan: { threshold: plan.threshold } });
    expect(why.body.entry.drawKey).toBeGreaterThanOrEqual(plan.threshold);
    expect(why.body.entry.drawKey).toBe(Math.log(why.body.entry.randomUnit) / why.body.entry.weight);
    const whyNot = await testApp.http.get(`${PLANS}/${plan.id}/firms/${notDrawn.firmId}`).set(admin.auth).expect(200);
    expect(whyNot.body).toMatchObject({ outcome: 'not_drawn', entry: notDrawn });
    expect(whyNot.body.entry.drawKey).toBeLessThan(plan.threshold);

    expect((await testApp.http.get(`${PLANS}/${plan.id}/firms/${revoked.firm.id}`).set(admin.auth).expect(200)).body).toMatchObject({ outcome: 'not_in_plan', entry: null });
    const unrated = await registerFirm(testApp);
    expect((await testApp.http.get(`${PLANS}/${plan.id}/firms/${unrated.id}`).set(admin.auth).expect(200)).body.outcome).toBe('not_in_plan');
    await testApp.http.get(`${PLANS}/00000000-0000-4000-8000-000000000000/firms/${unrated.id}`).set(admin.auth).expect(404);
    await testApp.http.get(`${PLANS}/${plan.id}/firms/nope`).set(admin.auth).expect(400);
    const reviewer = await testApp.signIn('reviewer');
    await testApp.http.get(`${PLANS}/${plan.id}/firms/${drawn.firmId}`).set(reviewer.auth).expect(403);
  });

  it('keeps the plan as it was drawn: the database refuses changes, deletions, a second plan for the year and a second entry for a rating', async () => {
    const [plan] = (await testApp.http.get(PLANS).set(admin.auth).expect(200)).body;
    await expect(db.query(`UPDATE surveillance_plan SET sample_percent = 50 WHERE id = $1`, [plan.id])).rejects.toThrow(/never change/);
    await expect(db.query(`DELETE FROM surveillance_plan_entry WHERE plan_id = $1`, [plan.id])).rejects.toThrow(/never change/);
    await expect(db.query(`UPDATE surveillance_plan_entry SET drawn = NOT drawn WHERE plan_id = $1`, [plan.id])).rejects.toThrow(/never change/);
    await expect(
      db.query(
        `INSERT INTO surveillance_plan (year, seed, sample_percent, weights, checklist_version_id, item_codes, population, sample_size, threshold, created_by_id, created_at)
         SELECT year, seed, sample_percent, weights, checklist_version_id, item_codes, population, sample_size, threshold, created_by_id, now() FROM surveillance_plan WHERE id = $1`,
        [plan.id],
      ),
    ).rejects.toThrow(/uq_surveillance_plan_year/);
    await expect(
      db.query(
        `INSERT INTO surveillance_plan_entry (plan_id, rating_id, firm_id, factors, points, weight, random_unit, draw_key, rank, drawn)
         SELECT plan_id, rating_id, firm_id, factors, points, weight, random_unit, draw_key, rank + 100, drawn FROM surveillance_plan_entry WHERE plan_id = $1 LIMIT 1`,
        [plan.id],
      ),
    ).rejects.toThrow(/uq_surveillance_plan_entry_plan_id_rating_id/);
  });

  it("makes next year's plan with the configured percentage, all items, and refuses two admins' plans for one year at once", async () => {
    const results = await Promise.all([0, 1].map(() => testApp.http.post(PLANS).set(admin.auth).send({ year: year + 1 })));
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    const made = results.find((result) => result.status === 201)!.body;
    expect(made).toMatchObject({ year: year + 1, samplePercent: 10, population: 5, sampleSize: 1 });
    expect(results.find((result) => result.status === 409)!.body.code).toBe('surveillance_plan_exists');
  });

  it('goes through the pages: the plans, the draw with its confirmation, a plan, why a firm was or was not drawn; bad input and other roles refused', async () => {
    const reviewer = await testApp.signIn('reviewer');
    const reviewerWeb = new WebVisitor(testApp.app);
    await reviewerWeb.signIn(reviewer.email, reviewer.password);
    await expectStatus(reviewerWeb.get('/area/amministrazione/sorveglianza'), 403);

    const web = new WebVisitor(testApp.app);
    await web.signIn(admin.email, admin.password);
    const list = await expectStatus(web.get('/area/amministrazione/sorveglianza'), 200);
    expect(list.text).toContain(`Piano di sorveglianza ${year}`);
    expect(list.text).toContain(`Piano di sorveglianza ${year + 1}`);
    expect(list.text).toContain('href="/area/amministrazione/sorveglianza"'); // the admin's navigation

    expect((await expectStatus(web.submit('/area/amministrazione/sorveglianza', { year: String(year), samplePercent: '150' }), 400)).text).toContain('Indicate una percentuale intera da 0 a 100');
    expect((await expectStatus(web.submit('/area/amministrazione/sorveglianza', { year: 'quest’anno', samplePercent: '10' }), 400)).text).toContain('Indicate l’anno in corso o il successivo');
    const confirmation = await expectStatus(web.submit('/area/amministrazione/sorveglianza', { year: String(year), samplePercent: '10' }), 200);
    expect(confirmation.text).toContain(`Confermi l’estrazione del piano di sorveglianza ${year}?`);
    expect((await expectStatus(web.confirm(confirmation), 409)).text).toContain(`Il piano del ${year} è già stato estratto`);
    expect((await expectStatus(web.submitConfirmed('/area/amministrazione/sorveglianza', { year: String(year - 1), samplePercent: '10' }), 422)).text).toContain('Indicate l’anno in corso o il successivo');

    const [plan] = (await testApp.http.get(PLANS).set(admin.auth).expect(200)).body.filter((each: { year: number }) => each.year === year);
    const full = (await testApp.http.get(`${PLANS}/${plan.id}`).set(admin.auth).expect(200)).body;
    const planPage = await expectStatus(web.get(`/area/amministrazione/sorveglianza/${plan.id}`), 200);
    expect(planPage.text).toContain(plan.seed);
    for (const entry of full.entries) expect(planPage.text).toContain(entry.certificateNumber);

    const drawn = full.entries.find((entry: { drawn: boolean }) => entry.drawn);
    const drawnPage = await expectStatus(web.get(`/area/amministrazione/sorveglianza/${plan.id}/aziende/${drawn.firmId}`), 200);
    expect(drawnPage.text).toContain('è stata estratta per una verifica senza preavviso');
    expect(drawnPage.text).toContain(`printf &#x27;%s&#x27; &#x27;${plan.seed}:${drawn.ratingId}&#x27; | sha256sum`);
    expect(drawnPage.text).toContain('Sedi operative fuori dall’Unione europea');
    const notDrawn = full.entries.find((entry: { drawn: boolean }) => !entry.drawn);
    expect((await expectStatus(web.get(`/area/amministrazione/sorveglianza/${plan.id}/aziende/${notDrawn.firmId}`), 200)).text).toContain('non è stata estratta: la sua chiave');
    expect((await expectStatus(web.get(`/area/amministrazione/sorveglianza/${plan.id}/aziende/${revoked.firm.id}`), 200)).text).toContain('non è nel piano');
    const english = await expectStatus(web.get(`/area/amministrazione/sorveglianza/${plan.id}/aziende/${drawn.firmId}?lang=en`), 200);
    expect(english.text).toContain('was drawn for an unannounced check');
    await expectStatus(reviewerWeb.get(`/area/amministrazione/sorveglianza/${plan.id}`), 403);

    // A year later the next year's plan is drawn from the page, once even if the confirmation is sent twice.
    testApp.clock.set(new Date(Date.UTC(year + 1, 5, 15, 10)));
    const nextWeb = new WebVisitor(testApp.app);
    const nextAdmin = await testApp.signIn('admin');
    await nextWeb.signIn(nextAdmin.email, nextAdmin.password);
    const ask = await expectStatus(nextWeb.submit('/area/amministrazione/sorveglianza', { year: String(year + 2), samplePercent: '0' }), 200);
    const made = await nextWeb.follow(await expectStatus(nextWeb.confirm(ask), 303));
    expect(made.text).toContain(`Il piano di sorveglianza ${year + 2} è stato estratto.`);
    expect(made.text).toContain(`Piano di sorveglianza ${year + 2}`);
    expect((await nextWeb.follow(await expectStatus(nextWeb.confirm(ask), 303))).text).toContain('Questa conferma era già stata inviata');
  });
}
