import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Confirmations } from './confirmation';
import { PageErrorFilter } from './page-error.filter';
import { PageRenderer } from './page-renderer';
import { PageResultInterceptor } from './page-result.interceptor';
import { WebPages } from './web-pages';

/**
 * Server-rendered pages: the renderer (templates compiled once), the error pages, the workspace's page
 * helper, and the interceptor that answers the `PageResult` a page handler returns.
 */
@Module({
  providers: [PageRenderer, PageErrorFilter, WebPages, Confirmations, { provide: APP_INTERCEPTOR, useClass: PageResultInterceptor }],
  exports: [PageRenderer, PageErrorFilter, WebPages, Confirmations],
})
export class PagesModule {}
