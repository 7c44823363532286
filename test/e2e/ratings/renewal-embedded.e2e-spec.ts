import { startTestApp } from '../../support/test-app';
import { renewalSuite } from './renewal.shared';

describe('renewal with continuity (HTTP and pages, embedded PGlite)', () => {
  renewalSuite(() => startTestApp({ database: 'embedded' }));
});
