import { Actor, type Language, type Role, ROLES } from '@app/core';
import { EmailTakenError, OwnAccessChangeError, Permission, RoleChangeNotAllowedError, UsersService, type UserView } from '@app/identity';
import { Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BrowserPage, CurrentActor, RequirePermission } from '../http/access.decorators';
import { translate } from '../pages/i18n';
import { pageHref } from '../pages/page-renderer';
import { FormError, FormErrors, readWebForm, validateForm } from '../pages/web-form';
import { PageLanguage } from '../pages/page-language.decorator';
import { PageResult } from '../pages/page-result';
import { hasMorePages, pageNumber, pagination, RawQuery, selectOptions } from '../pages/web-lists';
import { ADMIN_AREA } from './admin-home-pages.controller';
import { CreateStaffUserDto, ListUsersQuery, UpdateUserDto } from './identity.dto';
import { IdParam } from '../http/id-param';

const USERS = `${ADMIN_AREA}/utenti`;
const PAGE_SIZE = 25;
const NEW_USER_FIELDS = ['displayName', 'email', 'password', 'role'] as const;
const STAFF_ROLES: readonly Role[] = ['auditor', 'reviewer', 'admin'];
const USER_FIELDS = ['role', 'disabled'] as const;

interface NewUserForm {
  readonly displayName: string;
  readonly email: string;
  readonly role: string;
}

/** The admin's users and roles: the list, staff accounts, role changes and access, on the same service as /api/v1/users. */
@ApiExcludeController()
@Controller()
export class UserPagesController {
  constructor(private readonly users: UsersService) {}

  @Get('area/amministrazione/utenti')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  async list(@Query() query: RawQuery, @PageLanguage() language: Language): Promise<PageResult> {
    const requested = { page: pageNumber(query.pagina), pageSize: PAGE_SIZE, ...(typeof query.role === 'string' && query.role !== '' ? { role: query.role } : {}) };
    const validated = await validateForm(ListUsersQuery, requested);
    const filter = validated.ok ? validated.value : { page: 1, pageSize: PAGE_SIZE, role: undefined };
    const page = await this.users.list(filter.page, filter.pageSize, filter.role);
    const filterErrors: FormError[] | null = validated.ok ? null : [{ field: null, message: translate(language, 'admin.ws.filter.invalid') }];
    const view = {
      filterErrors,
      listPath: USERS,
      newUrl: pageHref(`${USERS}/nuovo`, {}, language),
      roles: selectOptions(language, ROLES, 'admin.ws.role.', filter.role ?? null),
      users: page.items.map((user) => ({ ...user, role: translate(language, `admin.ws.role.${user.role}`), url: pageHref(`${USERS}/${user.id}`, {}, language) })),
      pagination: pagination(USERS, { role: filter.role }, page.page, hasMorePages(page.page, page.pageSize, page.total), language),
    };
    return PageResult.view(language, { template: 'admin-users', title: translate(language, 'admin.ws.users.title'), status: validated.ok ? 200 : 400, view });
  }

  @Get('area/amministrazione/utenti/nuovo')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  newUserForm(@PageLanguage() language: Language): PageResult {
    return this.sendNewUser(language, { displayName: '', email: '', role: 'auditor' }, new FormErrors());
  }

  @Post('area/amministrazione/utenti')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  async create(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, [...NEW_USER_FIELDS, 'lang']);
    const form = { displayName: (values.displayName ?? '').trim(), email: (values.email ?? '').trim(), role: values.role ?? '' };
    const errors = new FormErrors();
    const validated = await validateForm(CreateStaffUserDto, { ...form, password: values.password ?? '' });
    if (!validated.ok) {
      for (const field of NEW_USER_FIELDS) if (validated.invalid.has(field)) errors.add(field, translate(language, `admin.ws.userNew.error.${field}`));
      return this.sendNewUser(language, form, errors, 400);
    }
    let created: UserView;
    try {
      created = await this.users.create(actor, validated.value);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      errors.add('email', translate(language, 'admin.ws.userNew.error.emailTaken'));
      return this.sendNewUser(language, form, errors, 409);
    }
    return PageResult.afterForm(`${USERS}/${created.id}`, language, { key: 'admin.ws.userNew.done', values: { email: created.email } });
  }

  @Get('area/amministrazione/utenti/:id')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  async user(@Param() { id }: IdParam, @PageLanguage() language: Language): Promise<PageResult> {
    return this.sendUser(language, await this.users.get(id), new FormErrors());
  }

  @Post('area/amministrazione/utenti/:id/ruolo')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  async changeRole(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['role', 'lang']);
    const validated = await validateForm(UpdateUserDto, { role: values.role ?? '' });
    if (!validated.ok) return this.refuse(language, id, 'role', 'admin.ws.user.error.role', 400);
    const refusal = await this.update(actor, id, validated.value);
    if (refusal) return this.refuse(language, id, 'role', refusal, 422);
    return PageResult.afterForm(`${USERS}/${id}`, language, { key: 'admin.ws.user.roleChanged' });
  }

  @Post('area/amministrazione/utenti/:id/accesso')
  @BrowserPage()
  @RequirePermission(Permission.UserManage)
  async changeAccess(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<PageResult> {
    const { values, language } = await readWebForm(request, ['disabled', 'lang']);
    const choice = values.disabled === 'true' ? true : values.disabled === 'false' ? false : (values.disabled ?? '');
    const validated = await validateForm(UpdateUserDto, { disabled: choice });
    if (!validated.ok) return this.refuse(language, id, 'disabled', 'admin.ws.user.error.disabled', 400);
    const refusal = await this.update(actor, id, validated.value);
    if (refusal) return this.refuse(language, id, 'disabled', refusal, 422);
    return PageResult.afterForm(`${USERS}/${id}`, language, { key: validated.value.disabled ? 'admin.ws.user.disabledDone' : 'admin.ws.user.enabledDone' });
  }

  /** The change, or the message key of the service's refusal: one's own access, or a firm account turning staff. */
  private async update(actor: Actor, id: string, changes: UpdateUserDto): Promise<string | null> {
    try {
      await this.users.update(actor, id, changes);
      return null;
    } catch (error) {
      if (error instanceof OwnAccessChangeError) return 'admin.ws.user.error.own';
      if (error instanceof RoleChangeNotAllowedError) return 'admin.ws.user.error.roleChange';
      throw error;
    }
  }

  private async refuse(language: Language, id: string, field: (typeof USER_FIELDS)[number], key: string, status: number): Promise<PageResult> {
    const user = await this.users.get(id);
    return this.sendUser(language, user, new FormErrors().add(field, translate(language, key)), status);
  }

  private sendUser(language: Language, user: UserView, errors: FormErrors, status = 200): PageResult {
    const view = {
      user: { ...user, roleLabel: translate(language, `admin.ws.role.${user.role}`) },
      roles: selectOptions(language, ROLES, 'admin.ws.role.', user.role),
      roleAction: `${USERS}/${user.id}/ruolo`,
      accessAction: `${USERS}/${user.id}/accesso`,
      backUrl: pageHref(USERS, {}, language),
      errors: errors.view(USER_FIELDS),
    };
    return PageResult.view(language, { template: 'admin-user', title: translate(language, 'admin.ws.user.title', { name: user.displayName }), status, view });
  }

  private sendNewUser(language: Language, form: NewUserForm, errors: FormErrors, status = 200): PageResult {
    const view = {
      form,
      roles: selectOptions(language, STAFF_ROLES, 'admin.ws.role.', form.role),
      action: USERS,
      backUrl: pageHref(USERS, {}, language),
      errors: errors.view(NEW_USER_FIELDS),
    };
    return PageResult.view(language, { template: 'admin-user-new', title: translate(language, 'admin.ws.userNew.title'), status, view });
  }
}
