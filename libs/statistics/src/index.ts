export { COUNTED_RATING_EVENTS, type RegistryStatistics, RegistryStatisticsService } from './registry-statistics.service';
export { median, roundedDays } from './statistics-rules';
export { StatisticsModule } from './statistics.module';
