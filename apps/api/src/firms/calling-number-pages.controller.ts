import { AppConfig } from '@app/config';
import { Actor, type Language } from '@app/core';
import {
  CallingNumberImportService,
  CallingNumbersService,
  EmptyImportError,
  ImportLineError,
  InvalidPhoneNumberError,
  NumberAlreadyDeclaredError,
  NumberDeclaredConcurrentlyError,
  NumberImportRefusedError,
  NumberTakenError,
} from '@app/firms';
import { Permission } from '@app/identity';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { CONFIRMATION_FIELD, confirmationToken, Confirmations } from '../pages/confirmation';
import { translate, translateCount } from '../pages/i18n';
import { displayPhoneNumber } from '../pages/phone-display';
import { pageHref } from '../pages/page-renderer';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { hasMorePages, pageNumber, pagination, pathId } from '../pages/web-lists';
import { FIRM_HOME } from './firm-pages.shared';
import { DeclareNumberDto } from './firms.dto';

const NUMBERS_PATH = `${FIRM_HOME}/numeri`;
const IMPORT_PATH = `${NUMBERS_PATH}/importa`;
const NUMBERS_PAGE_SIZE = 50;

/** The import's reasons (in English, from the library) as the page's own words; others are shown as they are. */
const IMPORT_REASON_KEYS: Readonly<Record<string, string>> = {
  empty: 'empty',
  'not a phone number': 'notANumber',
  'the country code is not valid': 'country',
  'too short for a phone number of its country': 'short',
  'too long for a phone number of its country': 'long',
  'its length does not match any phone number of its country': 'length',
  'a calling number has no extension': 'extension',
  'not a valid number': 'invalid',
  'not a valid number for its country': 'invalidCountry',
  'already declared by another firm': 'takenElsewhere',
  'a quote is opened but never closed': 'quoteOpen',
  'text follows the closing quote': 'afterQuote',
  'the first column is empty': 'firstColumnEmpty',
  'longer than 40 characters': 'tooLongInput',
};

interface ImportReport {
  readonly count: number;
  readonly lines: { readonly line: number; readonly value: string; readonly reason: string }[];
  readonly truncated: boolean;
}

/** A firm's calling numbers: the list, declaring and retiring one, and the all-or-nothing CSV import. */
@ApiExcludeController()
@Controller()
export class CallingNumberPagesController {
  constructor(
    private readonly numbers: CallingNumbersService,
    private readonly imports: CallingNumberImportService,
    private readonly config: AppConfig,
    private readonly confirmations: Confirmations,
  ) {}

  @Get('area/azienda/numeri')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async list(@CurrentActor() actor: Actor, @Query('pagina') pagina: unknown, @PageLanguage() language: Language): Promise<PageResult> {
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    return this.sendList(actor, actor.firmId, pageNumber(pagina), language, '', new FormErrors());
  }

  @Post('area/azienda/numeri')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async declare(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['number', 'lang']);
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    const written = (values.number ?? '').trim();
    const errors = new FormErrors();
    const validated = await validateForm(DeclareNumberDto, { number: written });
    if (!validated.ok) {
      errors.add('number', translate(language, 'firm.ws.numbers.error.number'));
      return this.sendList(actor, actor.firmId, 1, language, written, errors, 400);
    }
    try {
      const declared = await this.numbers.declare(actor, actor.firmId, validated.value.number);
      return PageResult.afterForm(NUMBERS_PATH, language, { key: 'firm.ws.numbers.declared', values: { number: displayPhoneNumber(declared.e164) } });
    } catch (error) {
      if (error instanceof InvalidPhoneNumberError) {
        errors.add('number', translate(language, 'firm.ws.numbers.error.number'));
        return this.sendList(actor, actor.firmId, 1, language, written, errors, 400);
      }
      if (error instanceof NumberTakenError) errors.add('number', translate(language, 'firm.ws.numbers.error.taken'));
      else if (error instanceof NumberAlreadyDeclaredError) errors.add('number', translate(language, 'firm.ws.numbers.error.alreadyDeclared'));
      else throw error;
      return this.sendList(actor, actor.firmId, 1, language, written, errors, 409);
    }
  }

  @Post('area/azienda/numeri/:numberId/ritira')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async retire(@CurrentActor() actor: Actor, @Param('numberId') numberId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [CONFIRMATION_FIELD, 'lang']);
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    const firmId = actor.firmId;
    const id = pathId(numberId);
    const token = confirmationToken(values);
    if (token === null) {
      // Retiring is final (declaring it again is a new declaration): the page asks first.
      const number = await this.numbers.get(actor, firmId, id);
      return this.confirmations.page(language, {
        act: 'retireNumber',
        values: { number: displayPhoneNumber(number.e164) },
        facts: [],
        action: pageHref(`${NUMBERS_PATH}/${id}/ritira`, {}, language),
        fields: {},
        cancel: NUMBERS_PATH,
      });
    }
    const outcome = await this.confirmations.once(actor, token, () => this.numbers.retire(actor, firmId, id));
    if (outcome.repeated) return PageResult.afterForm(NUMBERS_PATH, language, { key: 'confirm.repeated' });
    return PageResult.afterForm(NUMBERS_PATH, language, { key: 'firm.ws.numbers.retired', values: { number: displayPhoneNumber(outcome.value.e164) } });
  }

  @Get('area/azienda/numeri/importa')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  importForm(@CurrentActor() actor: Actor, @PageLanguage() language: Language): PageResult {
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    return this.sendImport(language, new FormErrors(), null);
  }

  @Post('area/azienda/numeri/importa')
  @BrowserPage()
  @RequirePermission(Permission.FirmSelfService)
  async import(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { file, language } = await readWebForm(request, ['lang'], { maxFileBytes: this.config.evidenceMaxBytes });
    if (actor.firmId === null) return PageResult.afterForm(FIRM_HOME, language);
    const errors = new FormErrors();
    if (file === null) {
      errors.add('file', translate(language, 'firm.ws.import.error.file'));
      return this.sendImport(language, errors, null, 400);
    }
    try {
      const result = await this.imports.import(actor, actor.firmId, [file.bytes]);
      return PageResult.afterForm(NUMBERS_PATH, language, {
        key: 'firm.ws.import.done',
        values: { imported: String(result.imported), linesRead: String(result.linesRead), alreadyDeclared: String(result.alreadyDeclared), duplicates: String(result.duplicatesInFile) },
      });
    } catch (error) {
      if (error instanceof NumberImportRefusedError) {
        const report = this.reportOf(error, language);
        errors.add('file', translateCount(language, 'firm.ws.import.refused', report.count));
        return this.sendImport(language, errors, report, 422);
      }
      if (error instanceof EmptyImportError) errors.add('file', translate(language, 'firm.ws.import.error.empty'));
      else if (error instanceof NumberDeclaredConcurrentlyError) errors.add('file', translate(language, 'firm.ws.import.error.concurrent'));
      else throw error;
      return this.sendImport(language, errors, null, error instanceof EmptyImportError ? 422 : 409);
    }
  }

  private reportOf(error: NumberImportRefusedError, language: Language): ImportReport {
    const details = error.details as { errorCount: number; errors: ImportLineError[]; errorsShown: number };
    const reasonText = (reason: string) => {
      const key = IMPORT_REASON_KEYS[reason];
      return key === undefined ? reason : translate(language, `firm.ws.import.why.${key}`);
    };
    return {
      count: details.errorCount,
      lines: details.errors.map((line) => ({ line: line.line, value: line.value, reason: reasonText(line.reason) })),
      truncated: details.errorsShown < details.errorCount,
    };
  }

  private async sendList(actor: Actor, firmId: string, page: number, language: Language, number: string, errors: FormErrors, status = 200): Promise<PageResult> {
    const listed = await this.numbers.list(actor, firmId, 'all', page, NUMBERS_PAGE_SIZE);
    return PageResult.view(language, {
      template: 'firm-numbers',
      title: translate(language, 'firm.ws.numbers.title'),
      status,
      view: {
        numbers: listed.items.map((item) => ({ ...item, display: displayPhoneNumber(item.e164), retireAction: `${NUMBERS_PATH}/${item.id}/ritira` })),
        total: listed.total,
        pagination: pagination(NUMBERS_PATH, {}, page, hasMorePages(page, NUMBERS_PAGE_SIZE, listed.total), language),
        form: { number },
        errors: errors.view(['number']),
        importUrl: pageHref(IMPORT_PATH, {}, language),
      },
    });
  }

  private sendImport(language: Language, errors: FormErrors, report: ImportReport | null, status = 200): PageResult {
    return PageResult.view(language, {
      template: 'firm-numbers-import',
      title: translate(language, 'firm.ws.import.title'),
      status,
      view: { errors: errors.view(['file']), report, back: pageHref(NUMBERS_PATH, {}, language) },
    });
  }
}
