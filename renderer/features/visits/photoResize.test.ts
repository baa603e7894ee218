import { describe, expect, it } from 'vitest';
import { VISIT_LIMITS } from '../../../shared/visit';
import { fitWithin } from './photoResize';

describe('fitWithin', () => {
  it('scales the longer side down to the limit and keeps the aspect', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: VISIT_LIMITS.maxPhotoSide, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: VISIT_LIMITS.maxPhotoSide });
  });
  it('never enlarges and never reaches zero', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(10_000, 1, 100)).toEqual({ width: 100, height: 1 });
  });
});
