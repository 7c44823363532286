import { Actor, AnyActor, Clock, NotFoundError } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { isKnownCountry } from './countries';
import { mayManageFirm, mayReadFirm } from './firm-access';
import { OperatingSiteView, toOperatingSiteView } from './firm.view';
import { AlreadyRetiredError, InvalidCountryError } from './firms.errors';
import { OperatingSite } from './operating-site.entity';

export interface NewOperatingSite {
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly country: string;
}

@Injectable()
export class OperatingSitesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
  ) {}

  private get sites() {
    return this.txHost.tx.getRepository(OperatingSite);
  }

  /** Open and closed sites, oldest first (by name when declared at the same moment). */
  async list(actor: Actor, firmId: string): Promise<OperatingSiteView[]> {
    if (!mayReadFirm(actor, firmId)) throw new NotFoundError('Firm');
    const sites = await this.sites.find({ where: { firmId }, order: { declaredAt: 'ASC', name: 'ASC', id: 'ASC' } });
    return sites.map(toOperatingSiteView);
  }

  @Transactional()
  async declare(actor: AnyActor, firmId: string, input: NewOperatingSite): Promise<OperatingSiteView> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const country = input.country.trim().toUpperCase();
    if (!isKnownCountry(country)) throw new InvalidCountryError(input.country);
    const site = await this.sites.save(
      this.sites.create({ firmId, name: input.name.trim(), address: input.address.trim(), city: input.city.trim(), country, declaredAt: this.clock.now(), closedAt: null }),
    );
    const view = toOperatingSiteView(site);
    await this.history.record(actor, { action: 'operating_site.declared', entityType: 'operating_site', entityId: site.id, after: { firmId, ...view } });
    return view;
  }

  @Transactional()
  async close(actor: AnyActor, firmId: string, siteId: string): Promise<OperatingSiteView> {
    if (!mayManageFirm(actor, firmId)) throw new NotFoundError('Firm');
    const site = await this.sites.findOne({ where: { id: siteId, firmId }, lock: { mode: 'pessimistic_write' } });
    if (!site) throw new NotFoundError('Operating site');
    if (site.closedAt !== null) throw new AlreadyRetiredError('site');
    site.closedAt = this.clock.now();
    await this.sites.save(site);
    await this.history.record(actor, { action: 'operating_site.closed', entityType: 'operating_site', entityId: site.id, after: { firmId, closedAt: site.closedAt } });
    return toOperatingSiteView(site);
  }
}
