import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { PageResult } from './page-result';
import { PageAnswered, PageResultInterceptor, pagesFastifyAdapter } from './page-result.interceptor';
import type { WebPages } from './web-pages';

describe('the page result interceptor', () => {
  const answered: PageResult[] = [];
  const pages = { answer: (_request: unknown, _reply: unknown, result: PageResult) => void answered.push(result) } as unknown as WebPages;
  const interceptor = new PageResultInterceptor(pages);
  const context = { switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => ({}) }) } as unknown as ExecutionContext;
  const handler = (value: unknown): CallHandler => ({ handle: () => of(value) });

  beforeEach(() => answered.splice(0));

  it('passes every other value on untouched, as the API returns it', async () => {
    const body = { data: [1, 2] };
    await expect(lastValueFrom(interceptor.intercept(context, handler(body)))).resolves.toBe(body);
    await expect(lastValueFrom(interceptor.intercept(context, handler(undefined)))).resolves.toBeUndefined();
    expect(answered).toEqual([]);
  });

  it('answers a page result through WebPages and tells the adapter that nothing is left to send', async () => {
    const result = PageResult.afterForm('/area', 'en', { key: 'signedIn' });
    await expect(lastValueFrom(interceptor.intercept(context, handler(result)))).resolves.toBe(PageAnswered.instance);
    expect(answered).toEqual([result]);
  });

  it('English addresses redirect for good to the Italian page in English', () => {
    expect(PageResult.toEnglish('/il-bollino').answer).toEqual({ kind: 'redirect', url: '/il-bollino?lang=en', status: 301 });
  });

  it('the adapter sends nothing more for an answered page, and is still known to nestjs-cls as Fastify (by its class name)', () => {
    const adapter = pagesFastifyAdapter({});
    expect(adapter.constructor.name).toBe('FastifyAdapter');
    const reply = { status: jest.fn(), send: jest.fn() };
    adapter.reply(reply as never, PageAnswered.instance, 201);
    expect(reply.status).not.toHaveBeenCalled();
    expect(reply.send).not.toHaveBeenCalled();
    void adapter.close();
  });
});
