import { Module } from '@nestjs/common';
import { Confirmations } from './confirmation';
import { PageErrorFilter } from './page-error.filter';
import { PageRenderer } from './page-renderer';
import { WebPages } from './web-pages';

/** Server-rendered pages: the renderer (templates compiled once), the error pages, and the workspace's page helper. */
@Module({
  providers: [PageRenderer, PageErrorFilter, WebPages, Confirmations],
  exports: [PageRenderer, PageErrorFilter, WebPages, Confirmations],
})
export class PagesModule {}
