import { Module } from '@nestjs/common';
import { PageRenderer } from './page-renderer';

/** Server-rendered pages: the renderer (templates compiled once), for every controller that answers with HTML. */
@Module({
  providers: [PageRenderer],
  exports: [PageRenderer],
})
export class PagesModule {}
