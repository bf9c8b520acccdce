import { describe, expect, it } from 'vitest';
import { pageOf } from '../../src/index.js';

const key = (n: number) => String(n);

describe('pageOf', () => {
  it('takes the first `limit` items and sets `next` to the last one’s key when more follow', () => {
    expect(pageOf([1, 2, 3, 4], { limit: 3 }, key)).toEqual({ items: [1, 2, 3], next: '3' });
  });

  it('sets no `next` when the items end within the page, even an exactly full one', () => {
    expect(pageOf([1, 2, 3], { limit: 3 }, key)).toEqual({ items: [1, 2, 3] });
    expect(pageOf([1, 2], { limit: 3 }, key)).toEqual({ items: [1, 2] });
    expect(pageOf([], { limit: 3 }, key)).toEqual({ items: [] });
  });

  it('sets `next` when the backend says more follow', () => {
    expect(pageOf([1, 2, 3], { limit: 3 }, key, true)).toEqual({ items: [1, 2, 3], next: '3' });
    // An empty page has no last item to continue from.
    expect(pageOf([], { limit: 3 }, key, true)).toEqual({ items: [] });
  });

  it('does not change its input', () => {
    const input = [1, 2, 3, 4];
    pageOf(input, { limit: 2 }, key);
    expect(input).toEqual([1, 2, 3, 4]);
  });
});
