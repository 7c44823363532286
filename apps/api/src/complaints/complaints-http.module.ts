import { ComplaintsModule } from '@app/complaints';
import { Module } from '@nestjs/common';
import { PagesModule } from '../pages/pages.module';
import { PublicRegistryModule } from '../registry/public-registry.module';
import { ComplaintPagesController } from './complaint-pages.controller';
import { ComplaintWorkspacePagesController } from './complaint-workspace-pages.controller';
import { ComplaintsController } from './complaints.controller';

/** Complaints about the scheme over HTTP: the public API and form (under the registry's per-IP rate limit), and the staff's pages. */
@Module({
  imports: [ComplaintsModule, PagesModule, PublicRegistryModule],
  controllers: [ComplaintsController, ComplaintPagesController, ComplaintWorkspacePagesController],
})
export class ComplaintsHttpModule {}
