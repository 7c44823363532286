export { type BlobContent, BlobStore, sha256Hex } from './blob-store';
export { StorageModule } from './storage.module';
export { StoredBlob } from './stored-blob.entity';

import { StoredBlob } from './stored-blob.entity';
export const STORAGE_ENTITIES = [StoredBlob];
