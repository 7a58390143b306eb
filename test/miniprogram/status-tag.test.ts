import { describe, expect, it } from 'vitest';
import { render, text } from './support/harness';

describe('status-tag', () => {
  it('shows the Chinese label of a status inside a real van-tag', () => {
    const comp = render('components/status-tag/index', { status: 'submitted' });
    const tag = comp.querySelector('.status-tag');
    expect(text(tag)).toBe('已提交');
    expect(tag?.dom.innerHTML).toContain('van-tag--success');
  });
});
