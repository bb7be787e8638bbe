import { describeCron } from './cron';

describe('describeCron', () => {
  it.each([
    ['*/5 * * * *', 'Every 5 minutes'],
    ['* * * * *', 'Every minute'],
    ['0 9 * * 1-5', 'At 09:00 on weekdays'],
    ['30 2 1 * *', 'At 02:30 on day 1 of the month'],
    ['15 * * * *', 'At minute 15 of every hour'],
    ['0 0 * 1 0', 'At 00:00 on Sunday in January'],
    ['0 0/15 * * * ?', 'Every 15 minutes starting at minute 0'],
  ])('says when %s fires', (cron, words) => {
    expect(describeCron(cron)).toEqual({ ok: true, text: words });
  });

  it('explains a wrong number of fields', () => {
    const r = describeCron('*/5 * *');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('this one has 3');
  });

  it('rejects characters that are not cron', () => {
    expect(describeCron('*/5 * * * $').ok).toBe(false);
  });
});
