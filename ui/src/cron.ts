// Says in words when a cron expression fires: 5-field crontab, or 6/7-field Quartz (seconds first).

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

function two(n: string): string {
  return n.padStart(2, '0');
}

function list(field: string, names?: string[], offset = 0): string {
  return field
    .split(',')
    .map((part) => {
      const [a, b] = part.split('-');
      const name = (v: string) => (names && /^\d+$/.test(v) ? names[(Number(v) - offset) % names.length] ?? v : v);
      return b === undefined ? name(a) : `${name(a)} to ${name(b)}`;
    })
    .join(', ');
}

function every(field: string, unit: string): string | null {
  const m = /^(\*|\d+)\/(\d+)$/.exec(field);
  if (!m) return null;
  const n = Number(m[2]);
  const from = m[1] === '*' ? '' : ` starting at ${unit} ${m[1]}`;
  return n === 1 ? `every ${unit}${from}` : `every ${n} ${unit}s${from}`;
}

/** A sentence for a cron expression, or an explanation of why it is not one. */
export function describeCron(expression: string): { ok: boolean; text: string } {
  const parts = expression.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5 && parts.length !== 6 && parts.length !== 7) {
    return { ok: false, text: `A cron expression has 5 fields (minute hour day month weekday), or 6–7 in Quartz form; this one has ${parts.length}.` };
  }
  const quartz = parts.length > 5;
  const [sec, min, hour, dom, mon, dow] = quartz ? parts : ['0', ...parts];
  const valid = /^[\d*/,\-?LW#A-Za-z]+$/;
  const bad = [sec, min, hour, dom, mon, dow].find((f) => !valid.test(f));
  if (bad) return { ok: false, text: `"${bad}" is not a cron field.` };

  let time: string;
  const minEvery = every(min, 'minute');
  const hourEvery = every(hour, 'hour');
  if (quartz && sec !== '0') {
    time = every(sec, 'second') ?? `at second ${list(sec)}`;
    if (min !== '*') time += ` of minute ${list(min)}`;
  } else if (min === '*' && hour === '*') {
    time = 'every minute';
  } else if (minEvery && hour === '*') {
    time = minEvery;
  } else if (minEvery) {
    time = `${minEvery} during hour ${list(hour)}`;
  } else if (hour === '*') {
    time = `at minute ${list(min)} of every hour`;
  } else if (hourEvery) {
    time = `at minute ${list(min)} ${hourEvery}`;
  } else if (/^\d+$/.test(min) && /^\d+$/.test(hour)) {
    time = `at ${two(hour)}:${two(min)}`;
  } else if (/^\d+$/.test(min)) {
    time = `at minute ${min} of hours ${list(hour)}`;
  } else {
    time = `at minutes ${list(min)} of hours ${list(hour)}`;
  }

  const days: string[] = [];
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  if (!anyDow) {
    const dowOffset = quartz ? 1 : 0; // Quartz counts Sunday as 1
    days.push(dow === '1-5' && !quartz ? 'on weekdays' : `on ${list(dow, DAYS.concat(['Sunday']), dowOffset)}`);
  }
  if (!anyDom) days.push(dom === 'L' ? 'on the last day of the month' : `on day ${list(dom)} of the month`);
  if (mon !== '*') days.push(`in ${list(mon, MONTHS, 1)}`);
  const sentence = [time, ...days].join(' ');
  return { ok: true, text: sentence.charAt(0).toUpperCase() + sentence.slice(1) };
}
