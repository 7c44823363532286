export * from './blob-store';
export * from './storage.module';
export * from './stored-blob.entity';

import { StoredBlob } from './stored-blob.entity';
export const STORAGE_ENTITIES = [StoredBlob];
