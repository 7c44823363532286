import { Global, Module } from '@nestjs/common';
import { BlobStore, PostgresBlobStore } from './blob-store';

@Global()
@Module({ providers: [{ provide: BlobStore, useClass: PostgresBlobStore }], exports: [BlobStore] })
export class StorageModule {}
