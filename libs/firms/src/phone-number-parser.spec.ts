import { normalizePhoneNumber } from './phone-number';
import { PhoneNumberParser } from './phone-number-parser';

describe('PhoneNumberParser', () => {
  const parser = new PhoneNumberParser();
  afterAll(() => parser.onModuleDestroy());

  it('gives, in a worker thread, what normalizePhoneNumber gives, in the same order', async () => {
    const written = ['06 1234567', '+39 347 123 4567', 'not a number', '', '0039 06 1234567', '+44 20 7946 0958', '123', '06 1234567 int. 3'];
    await expect(parser.normalize(written)).resolves.toEqual(written.map((text) => normalizePhoneNumber(text)));
  });

  it('keeps concurrent lists apart', async () => {
    const lists = Array.from({ length: 5 }, (_, list) => Array.from({ length: 2_000 }, (_, i) => `+39 331 ${String(list * 10_000 + i).padStart(7, '0')}`));
    const results = await Promise.all(lists.map((list) => parser.normalize(list)));
    results.forEach((result, list) => expect(result.map((number) => (number.ok ? number.e164 : number.reason))).toEqual(lists[list].map((text) => `+39${text.replace(/\D/g, '').slice(2)}`)));
  });

  it('fails the lists in flight when shut down, and starts a new worker for the next list', async () => {
    const dying = parser.normalize(Array.from({ length: 50_000 }, (_, i) => `+39 331 ${String(i).padStart(7, '0')}`));
    await parser.onModuleDestroy();
    await expect(dying).rejects.toThrow(/shutting down/);
    await expect(parser.normalize(['06 1234567'])).resolves.toEqual([{ ok: true, e164: '+39061234567' }]);
  });
});
