import { describe, expect, it } from '@jest/globals';
import { ownerOf, selfTime, type CpuProfile } from './profile-summary.js';

describe('CPU profile summary', () => {
  it('names the npm package, the API file or the runtime a frame belongs to', () => {
    expect(ownerOf('file:///app/node_modules/@fastify/helmet/index.js')).toBe('@fastify/helmet');
    expect(ownerOf('file:///app/node_modules/pino/lib/proto.js')).toBe('pino');
    expect(ownerOf('file:///work/main/api/dist/books/books.service.js')).toBe('api/books/books.service.js');
    expect(ownerOf('node:internal/streams/writable')).toBe('node:internal');
    expect(ownerOf('')).toBe('(runtime)');
  });

  it('sums the time each sample spent on top of the stack, largest first', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('log', 'file:///x/node_modules/pino/a.js') },
        { id: 3, callFrame: frame('query', 'file:///x/node_modules/pg/b.js') },
      ],
      samples: [2, 3, 2, 2, 1],
      timeDeltas: [1000, 4000, 1000, 1000, 2000],
    };
    // pino: three samples of 1 ms; pg: one of 4 ms; the runtime's root: one of 2 ms.
    const shares = selfTime(profile, (f) => ownerOf(f.url));
    expect(shares.map((share) => [share.name, share.ms])).toEqual([
      ['pg', 4],
      ['pino', 3],
      ['(runtime)', 2],
    ]);
    expect(shares[0].percent).toBeCloseTo(44.4, 1);
  });
});
