import { startTestApp } from '../../support/test-app';
import { complaintsSuite } from './complaints.shared';

describe('complaints about the scheme (embedded PGlite)', () => {
  complaintsSuite(() => startTestApp({ database: 'embedded' }));
});
