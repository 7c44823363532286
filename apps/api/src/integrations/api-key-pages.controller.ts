import { Actor, Clock, type Language, NotFoundError } from '@app/core';
import { ApiKeysService, ApiKeyScope, ApiKeyView, Permission, TooManyApiKeysError } from '@app/identity';
import { WebhookEndpointView, WebhooksService } from '@app/webhooks';
import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { pathId } from '../pages/web-lists';
import { CreateApiKeyDto } from '../identity/api-keys.dto';

export const INTEGRATIONS_HOME = '/area/integrazioni';
const KEYS_PATH = `${INTEGRATIONS_HOME}/chiavi`;
const KEY_FIELDS = ['name', 'scopeRegistry', 'scopeWebhooks', 'expiresOn'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface KeyForm {
  readonly name: string;
  readonly scopeRegistry: boolean;
  readonly scopeWebhooks: boolean;
  readonly expiresOn: string;
}

const EMPTY_FORM: KeyForm = { name: '', scopeRegistry: true, scopeWebhooks: false, expiresOn: '' };

/** Admins', firm users' and integrators' own API keys: the list, a new key shown once, revocation after a confirmation page. */
@ApiExcludeController()
@Controller()
export class ApiKeyPagesController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly webhooks: WebhooksService,
    private readonly clock: Clock,
  ) {}

  @Get('area/integrazioni')
  @BrowserPage()
  @RequirePermission(Permission.ApiKeyManage)
  async home(@CurrentActor() actor: Actor, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendHome(actor, language, EMPTY_FORM, new FormErrors(), null);
  }

  @Post('area/integrazioni/chiavi')
  @BrowserPage()
  @RequirePermission(Permission.ApiKeyManage)
  async create(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...KEY_FIELDS, 'lang']);
    const form: KeyForm = {
      name: (values.name ?? '').trim(),
      scopeRegistry: values.scopeRegistry === 'si',
      scopeWebhooks: values.scopeWebhooks === 'si',
      expiresOn: (values.expiresOn ?? '').trim(),
    };
    const errors = new FormErrors();
    const scopes: ApiKeyScope[] = [...(form.scopeRegistry ? ['registry:read' as const] : []), ...(form.scopeWebhooks ? ['webhooks:manage' as const] : [])];
    // The key lasts to the end of the chosen day, Italian time (23:59:59 in Rome is at most 22:59:59 UTC).
    const expiresAt = ISO_DATE.test(form.expiresOn) ? new Date(`${form.expiresOn}T21:59:59Z`) : null;
    const validated = await validateForm(CreateApiKeyDto, { name: form.name, scopes, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) });
    if (!validated.ok && validated.invalid.has('name')) errors.add('name', translate(language, 'integrations.ws.keys.error.name'));
    if (scopes.length === 0) errors.add('scopeRegistry', translate(language, 'integrations.ws.keys.error.scopes'));
    if (form.expiresOn !== '' && (expiresAt === null || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= this.clock.now().getTime())) {
      errors.add('expiresOn', translate(language, 'integrations.ws.keys.error.expiresOn'));
    }
    if (errors.has() || !validated.ok) return this.sendHome(actor, language, form, errors, null, 400);
    try {
      const created = await this.apiKeys.create(actor, { name: validated.value.name, scopes: validated.value.scopes, expiresAt });
      return this.sendHome(actor, language, EMPTY_FORM, new FormErrors(), { key: created.key, name: created.apiKey.name }, 201);
    } catch (error) {
      if (!(error instanceof TooManyApiKeysError)) throw error;
      errors.add('name', translate(language, 'integrations.ws.keys.error.tooMany'));
      return this.sendHome(actor, language, form, errors, null, 409);
    }
  }

  @Get('area/integrazioni/chiavi/:keyId/revoca')
  @BrowserPage()
  @RequirePermission(Permission.ApiKeyManage)
  async confirmRevoke(@CurrentActor() actor: Actor, @Param('keyId') keyId: string, @PageLanguage() language: Language): Promise<PageResult> {
    const key = await this.apiKeys.get(actor, pathId(keyId));
    if (key.revokedAt !== null) throw new NotFoundError('API key');
    return PageResult.view(language, {
      template: 'integrations-key-revoke',
      title: translate(language, 'integrations.ws.revoke.title'),
      view: { key: { name: key.name, prefix: key.prefix }, action: `${KEYS_PATH}/${key.id}/revoca`, back: INTEGRATIONS_HOME },
    });
  }

  @Post('area/integrazioni/chiavi/:keyId/revoca')
  @BrowserPage()
  @RequirePermission(Permission.ApiKeyManage)
  async revoke(@CurrentActor() actor: Actor, @Param('keyId') keyId: string, @Req() request: FastifyRequest): Promise<PageResult> {
    const { language } = await readWebForm(request, ['lang']);
    const revoked = await this.apiKeys.revoke(actor, pathId(keyId));
    return PageResult.afterForm(INTEGRATIONS_HOME, language, { key: 'integrations.ws.keys.revoked', values: { name: revoked.name } });
  }

  private async sendHome(
    actor: Actor,
    language: Language,
    form: KeyForm,
    errors: FormErrors,
    created: { key: string; name: string } | null,
    status = 200,
  ): Promise<PageResult> {
    const keys = await this.apiKeys.list(actor);
    const endpoints = await this.webhooks.list(actor);
    const now = this.clock.now().getTime();
    return PageResult.view(language, {
      template: 'integrations-home',
      title: translate(language, 'integrations.ws.title'),
      status,
      view: {
        form,
        errors: errors.view(KEY_FIELDS),
        created,
        keys: keys.map((key) => this.keyRow(key, language, now)),
        createAction: KEYS_PATH,
        endpoints: endpoints.map((endpoint) => this.endpointRow(endpoint, language)),
        disabledEndpoints: endpoints.filter((endpoint) => endpoint.disabledAt !== null).map((endpoint) => ({ url: endpoint.url, disabledAt: endpoint.disabledAt })),
      },
    });
  }

  private endpointRow(endpoint: WebhookEndpointView, language: Language) {
    const state = endpoint.disabledAt !== null
      ? translate(language, 'integrations.ws.webhooks.state.disabled')
      : endpoint.failingSince !== null
        ? translate(language, 'integrations.ws.webhooks.state.failing')
        : translate(language, 'integrations.ws.webhooks.state.active');
    return { url: endpoint.url, events: endpoint.events.join(', '), firms: endpoint.vatNumbers.length === 0 ? translate(language, 'integrations.ws.webhooks.allFirms') : endpoint.vatNumbers.join(', '), state, failingSince: endpoint.failingSince, disabledAt: endpoint.disabledAt };
  }

  private keyRow(key: ApiKeyView, language: Language, now: number) {
    const state = key.revokedAt !== null ? 'revoked' : key.expiresAt !== null && key.expiresAt.getTime() <= now ? 'expired' : 'active';
    return {
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes.join(', '),
      createdAt: key.createdAt,
      lastUsedAt: key.lastUsedAt,
      expiresAt: key.expiresAt,
      state: translate(language, `integrations.ws.keys.state.${state}`),
      revokeUrl: state === 'active' ? `${KEYS_PATH}/${key.id}/revoca` : null,
    };
  }
}
