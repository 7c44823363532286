export * from './registry-statistics.service';
export * from './statistics-rules';
export * from './statistics.module';
