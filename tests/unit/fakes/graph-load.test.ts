// @vitest-environment node
import { request as httpsRequest } from 'node:https';
import { describe, expect, it } from 'vitest';
import type { FakeRequest } from '../../fakes/fake-http';
import { startFakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import { encodeJwtShaped } from '../../fakes/fake-jwt';
import { defenderIncidentQuotas, GraphLoad } from '../../fakes/graph-load';

const appA = '11111111-1111-1111-1111-111111111111';
const appB = '22222222-2222-2222-2222-222222222222';
const tenant1 = '0be4c400-0000-4000-8000-000000000001';
const tenant2 = '0be4c400-0000-4000-8000-000000000002';

function graphRequest(appid: string, tid: string, path = '/v1.0/security/incidents', method = 'GET'): FakeRequest {
  return {
    method,
    host: 'graph',
    hostname: 'graph.microsoft.com',
    url: new URL(`https://graph.microsoft.com${path}`),
    headers: { authorization: `Bearer ${encodeJwtShaped({ appid, tid })}` },
    bodyText: '',
  };
}

describe('GraphLoad throttling (Defender: 50 per minute, 1,500 per hour, per app per tenant)', () => {
  it('admits 50 requests in a minute and answers the 51st with Retry-After until the oldest leaves the window', () => {
    const load = new GraphLoad();
    load.configure({ throttle: defenderIncidentQuotas });
    for (let index = 0; index < 50; index += 1) {
      expect(load.admit(graphRequest(appA, tenant1), 1_000 + index * 100).retryAfterSeconds).toBeUndefined();
    }
    // The first was admitted at 1,000 ms: it leaves the minute at 61,000 ms.
    expect(load.admit(graphRequest(appA, tenant1), 10_000).retryAfterSeconds).toBe(51);
    expect(load.admit(graphRequest(appA, tenant1), 60_999).retryAfterSeconds).toBe(1);
    expect(load.admit(graphRequest(appA, tenant1), 61_001).retryAfterSeconds).toBeUndefined();
    expect(load.throttled.get(`${appA}|${tenant1}`)).toBe(2);
  });

  it('counts each app in each tenant apart, and leaves preflights and other paths alone', () => {
    const load = new GraphLoad();
    load.configure({ throttle: defenderIncidentQuotas });
    for (let index = 0; index < 50; index += 1) load.admit(graphRequest(appA, tenant1), 1_000);
    expect(load.admit(graphRequest(appA, tenant1), 1_000).retryAfterSeconds).toBe(60);
    expect(load.admit(graphRequest(appB, tenant1), 1_000).retryAfterSeconds).toBeUndefined();
    expect(load.admit(graphRequest(appA, tenant2), 1_000).retryAfterSeconds).toBeUndefined();
    expect(load.admit(graphRequest(appA, tenant1, '/v1.0/me'), 1_000).retryAfterSeconds).toBeUndefined();
    expect(load.admit(graphRequest(appA, tenant1, '/v1.0/security/incidents', 'OPTIONS'), 1_000).retryAfterSeconds).toBeUndefined();
  });

  it('refuses the 1,501st request of an hour even when each minute stays under 50', () => {
    const load = new GraphLoad();
    load.configure({ throttle: defenderIncidentQuotas });
    const request = graphRequest(appA, tenant1);
    // 40 a minute for 37.5 minutes: 1,500 requests, never 50 in one minute.
    let refused = 0;
    for (let index = 0; index < 1500; index += 1) if (load.admit(request, index * 1_500).retryAfterSeconds !== undefined) refused += 1;
    expect(refused).toBe(0);
    const now = 1500 * 1_500;
    // The oldest (at 0 ms) leaves the hour at 3,600,000 ms.
    expect(load.admit(request, now).retryAfterSeconds).toBe(Math.ceil((3_600_000 - now) / 1000));
  });

  it('is off by default: no throttling, no latency', () => {
    const load = new GraphLoad();
    for (let index = 0; index < 100; index += 1) expect(load.admit(graphRequest(appA, tenant1), 0).retryAfterSeconds).toBeUndefined();
    expect(load.delayMs()).toBe(0);
  });
});

describe('GraphLoad latency', () => {
  it('puts half the waits below the median and half above, within min and max', () => {
    const rolls = [0, 0.25, 0.4999, 0.5, 0.75, 0.9999];
    const load = new GraphLoad(() => rolls.shift()!);
    load.configure({ latency: { minMs: 150, medianMs: 300, maxMs: 400 } });
    const waits = Array.from({ length: 6 }, () => load.delayMs());
    expect(waits[0]).toBe(150);
    expect(waits[1]).toBe(225);
    expect(waits[2]).toBeLessThan(300);
    expect(waits[3]).toBe(300);
    expect(waits[4]).toBe(350);
    expect(waits[5]).toBeLessThan(400);
  });
});

describe('the fake cloud with graphLoad', () => {
  it("answers Graph's 429 with Retry-After past the quota, before Graph sees the request, and marks it in the log", async () => {
    const cloud = await startFakeMicrosoftCloud({ seed: 'none', graphLoad: { throttle: { perMinute: 1, perHour: 10 } } });
    try {
      const token = encodeJwtShaped({ appid: appA, tid: tenant1 });
      const get = () =>
        new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
          const request = httpsRequest(
            {
              host: '127.0.0.1',
              port: cloud.port,
              path: '/v1.0/security/incidents',
              servername: 'graph.microsoft.com',
              rejectUnauthorized: false,
              agent: false,
              headers: { host: 'graph.microsoft.com', authorization: `Bearer ${token}` },
            },
            (response) => {
              let body = '';
              response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
              response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string | undefined, body }));
            },
          );
          request.on('error', reject);
          request.end();
        });
      // The first is counted and reaches Graph (which refuses the token it did not issue).
      expect((await get()).status).toBe(401);
      const throttled = await get();
      expect(throttled.status).toBe(429);
      expect(Number(throttled.retryAfter)).toBeGreaterThanOrEqual(59);
      expect(JSON.parse(throttled.body)).toMatchObject({ error: { code: 'TooManyRequests' } });
      expect(cloud.graphRequests().map((request) => request.throttled ?? false)).toEqual([false, true]);
      expect(cloud.graphRequests().every((request) => request.answeredAt instanceof Date)).toBe(true);
    } finally {
      await cloud.close();
    }
  });
});
