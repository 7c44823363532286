import { Actor, Clock, NotFoundError } from '@app/core';
import { postgresErrorCode, TransactionAdapter, UNIQUE_VIOLATION, violatedConstraint } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistVersion } from './checklist-version.entity';
import { ChecklistDefinition, checklistDefinitionProblems } from './checklist.definition';
import { ChecklistVersionExistsError, InvalidChecklistError } from './checklist.errors';
import { ChecklistVersionSummary, ChecklistVersionView, toChecklistVersionView } from './checklist.view';

@Injectable()
export class ChecklistService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
  ) {}

  private get versions() {
    return this.txHost.tx.getRepository(ChecklistVersion);
  }

  private get items() {
    return this.txHost.tx.getRepository(ChecklistItem);
  }

  /** The version new audits start with. */
  async currentVersion(): Promise<ChecklistVersionView> {
    const version = await this.versions.findOneBy({ isCurrent: true });
    if (!version) throw new NotFoundError('Current checklist version');
    return this.withItems(version);
  }

  /** Any published version, current or not: an audit is kept against the version it started with. */
  async getVersion(id: string): Promise<ChecklistVersionView> {
    const version = await this.versions.findOneBy({ id });
    if (!version) throw new NotFoundError('Checklist version');
    return this.withItems(version);
  }

  /** Every published version, newest first. */
  async listVersions(): Promise<ChecklistVersionSummary[]> {
    const rows = await this.txHost.tx.query<{ id: string; version: string; published_at: Date; is_current: boolean; item_count: number }[]>(
      `SELECT v.id, v.version, v.published_at, v.is_current, count(i.id)::int AS item_count
       FROM checklist_version v LEFT JOIN checklist_item i ON i.version_id = v.id
       GROUP BY v.id
       ORDER BY v.published_at DESC, v.version DESC`,
    );
    return rows.map((row) => ({ id: row.id, version: row.version, publishedAt: row.published_at, isCurrent: row.is_current, itemCount: row.item_count }));
  }

  /**
   * Publishes a new version and makes it current; earlier versions stay as they are, so audits
   * started on them keep their questions. Publications are serialised so two admins cannot both
   * demote the same current version.
   */
  @Transactional()
  async publishVersion(actor: Actor, input: ChecklistDefinition): Promise<ChecklistVersionView> {
    const problems = checklistDefinitionProblems(input);
    if (Object.keys(problems).length > 0) throw new InvalidChecklistError(problems);

    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('checklist_version_publish'))`);
    if (await this.versions.existsBy({ version: input.version })) throw new ChecklistVersionExistsError(input.version);
    const previous = await this.versions.findOneBy({ isCurrent: true });
    if (previous) await this.versions.update({ id: previous.id }, { isCurrent: false });

    let version: ChecklistVersion;
    try {
      version = await this.versions.save(this.versions.create({ version: input.version, publishedAt: this.clock.now(), isCurrent: true }));
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION && violatedConstraint(error) === 'uq_checklist_version_version') {
        throw new ChecklistVersionExistsError(input.version);
      }
      throw error;
    }
    const items = await this.items.save(input.items.map((item) => this.items.create({ ...item, versionId: version.id })));
    await this.history.record(actor, {
      action: 'checklist.version_published',
      entityType: 'checklist_version',
      entityId: version.id,
      before: previous ? { currentVersionId: previous.id, currentVersion: previous.version } : undefined,
      after: { version: version.version, itemCodes: items.map((item) => item.code) },
    });
    return toChecklistVersionView(version, items);
  }

  private async withItems(version: ChecklistVersion): Promise<ChecklistVersionView> {
    const items = await this.items.find({ where: { versionId: version.id }, order: { position: 'ASC' } });
    return toChecklistVersionView(version, items);
  }
}
