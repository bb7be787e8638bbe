package io.webops.schedule;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cron expressions for workflow schedules, normalised to Quartz syntax (which is what the scheduler runs).
 *
 * <p>Accepted input:
 * <ul>
 *   <li>5 fields — classic crontab {@code min hour day-of-month month day-of-week}, e.g. {@code *}{@code /5 * * * *}.
 *       A seconds field of {@code 0} is prepended. Quartz needs {@code ?} in exactly one of the two day fields, so:
 *       both {@code *} → day-of-week {@code ?}; day-of-month set → day-of-week {@code ?}; day-of-week set →
 *       day-of-month {@code ?}; both set is rejected (crontab fires when <em>either</em> matches, Quartz cannot express
 *       that). Day-of-week numbers use crontab numbering 0-7 (0 and 7 = Sunday) and are rewritten to Quartz's 1-7
 *       (1 = Sunday), including ranges, steps and lists; names ({@code MON-FRI}) are kept as they are.</li>
 *   <li>6 or 7 fields — Quartz ({@code sec min hour dom mon dow [year]}), taken as is.</li>
 *   <li>Aliases {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily}
 *       ({@code @midnight}), {@code @hourly}.</li>
 * </ul>
 * The result is always validated with {@link CronExpression}. Every problem is reported as an
 * {@link IllegalArgumentException} whose message quotes the expression.
 */
public final class Cron {

    private static final Map<String, String> ALIASES = Map.of(
            "@yearly", "0 0 0 1 1 ?",
            "@annually", "0 0 0 1 1 ?",
            "@monthly", "0 0 0 1 * ?",
            "@weekly", "0 0 0 ? * 1",
            "@daily", "0 0 0 * * ?",
            "@midnight", "0 0 0 * * ?",
            "@hourly", "0 0 * * * ?");

    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** {@code base[/step]} where base is {@code *}, {@code a} or {@code a-b}. */
    private static final Pattern DOW_ITEM = Pattern.compile("(\\*|[0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?(?:/([0-9]+))?");
    private static final Pattern DOW_NTH = Pattern.compile("([0-9A-Za-z]+)(#[0-9]+|L)");
    private static final Pattern DOW_NAMES = Pattern.compile("[A-Za-z]{3}(-[A-Za-z]{3})?");

    private Cron() {
    }

    /**
     * Converts {@code cron} (crontab, Quartz or alias) to a validated Quartz expression.
     *
     * @throws IllegalArgumentException with a message quoting the expression if it cannot be used
     */
    public static String toQuartz(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty");
        }
        String trimmed = cron.trim();
        String quartz;
        if (trimmed.startsWith("@")) {
            quartz = ALIASES.get(trimmed.toLowerCase(Locale.ROOT));
            if (quartz == null) {
                throw new IllegalArgumentException("unknown cron alias '" + trimmed
                        + "'; use @hourly, @daily, @weekly, @monthly or @yearly");
            }
            return quartz;
        }
        String[] f = trimmed.split("\\s+");
        if (f.length == 5) {
            quartz = fromCrontab(cron, f);
        } else if (f.length == 6 || f.length == 7) {
            quartz = String.join(" ", f);
        } else {
            throw new IllegalArgumentException("cron '" + trimmed + "' has " + f.length
                    + " field" + (f.length == 1 ? "" : "s") + "; use 5 (crontab) or 6-7 (Quartz)");
        }
        try {
            CronExpression.validateExpression(quartz);
        } catch (ParseException e) {
            String as = quartz.equals(trimmed) ? "" : " (as Quartz '" + quartz + "')";
            throw new IllegalArgumentException("invalid cron '" + trimmed + "'" + as + ": " + e.getMessage(), e);
        }
        return quartz;
    }

    /**
     * The schedule's time zone: {@code null} or blank means UTC.
     *
     * @throws IllegalArgumentException naming the id if it is not a known zone
     */
    public static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown timezone '" + timezone + "' (use an IANA id such as "
                    + "'Europe/Berlin' or 'UTC'): " + e.getMessage(), e);
        }
    }

    /**
     * The first fire time strictly after {@code after} (now if {@code null}), evaluated in {@code timezone};
     * {@code null} if the expression never fires again (e.g. a past year).
     */
    public static Instant nextFire(String cron, String timezone, Instant after) {
        CronExpression expression;
        try {
            expression = new CronExpression(toQuartz(cron));
        } catch (ParseException e) { // not reached: toQuartz validated it
            throw new IllegalArgumentException("invalid cron '" + cron + "': " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone(timezone)));
        Date next = expression.getNextValidTimeAfter(Date.from(after == null ? Instant.now() : after));
        return next == null ? null : next.toInstant();
    }

    // ---------------------------------------------------------------- crontab → Quartz

    private static boolean unrestricted(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static String fromCrontab(String cron, String[] f) {
        String min = f[0], hour = f[1], dom = f[2], mon = f[3], dow = f[4];
        boolean domSet = !unrestricted(dom);
        boolean dowSet = !unrestricted(dow);
        if (domSet && dowSet) {
            throw new IllegalArgumentException("cron '" + cron.trim() + "' restricts both day-of-month (" + dom
                    + ") and day-of-week (" + dow + "); crontab fires when either matches, which Quartz cannot express"
                    + " - set one of them to '*'");
        }
        if (dowSet) {
            dom = "?";
            dow = crontabDowToQuartz(cron, dow);
        } else {
            dom = domSet ? dom : "*";
            dow = "?";
        }
        return String.join(" ", "0", min, hour, dom, mon, dow);
    }

    /** Rewrites a crontab day-of-week field (0-7, 0 and 7 = Sunday) to Quartz numbering (1-7, 1 = Sunday). */
    static String crontabDowToQuartz(String cron, String field) {
        String[] items = field.split(",", -1);
        boolean namesOnly = true;
        for (String item : items) {
            Matcher m = DOW_NAMES.matcher(item);
            if (!m.matches() || (item.length() == 7 && day(cron, item.substring(0, 3)) > day(cron, item.substring(4)))) {
                namesOnly = false;
            }
        }
        if (namesOnly) { // MON-FRI, SAT,SUN: same meaning in Quartz
            return field.toUpperCase(Locale.ROOT);
        }
        TreeSet<Integer> days = new TreeSet<>();
        List<String> special = new ArrayList<>();
        for (String item : items) {
            Matcher nth = DOW_NTH.matcher(item);
            if (nth.matches()) { // Quartz-style 5#3 (third Friday) or 5L (last Friday), if someone uses them
                special.add(quartzDay(day(cron, nth.group(1))) + nth.group(2).toUpperCase(Locale.ROOT));
                continue;
            }
            Matcher m = DOW_ITEM.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid day-of-week '" + item + "' in cron '" + cron.trim()
                        + "'; use 0-7 (0 or 7 = Sunday), SUN-SAT, ranges, lists and steps");
            }
            int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            if (step < 1) {
                throw new IllegalArgumentException("invalid day-of-week step '" + item + "' in cron '" + cron.trim() + "'");
            }
            int from;
            int to;
            if (m.group(1).equals("*")) {
                if (m.group(2) != null) {
                    throw new IllegalArgumentException("invalid day-of-week '" + item + "' in cron '" + cron.trim() + "'");
                }
                from = 0;
                to = 6;
            } else {
                from = day(cron, m.group(1));
                if (m.group(2) != null) {
                    to = day(cron, m.group(2));
                } else {
                    to = m.group(3) != null ? 6 : from; // "a/n" means from a to the end of the week
                }
            }
            if (to < from) { // wrapping range such as FRI-MON
                to += 7;
            }
            for (int d = from; d <= to; d += step) {
                days.add(quartzDay(d % 7));
            }
        }
        List<String> parts = new ArrayList<>(compress(days));
        parts.addAll(special);
        return String.join(",", parts);
    }

    /** Crontab day (number 0-7 or name) → 0-6 with 0 = Sunday; 7 is kept as 7 so that "5-7" stays a forward range. */
    private static int day(String cron, String token) {
        if (token.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(token);
            if (n > 7) {
                throw new IllegalArgumentException("day-of-week " + n + " out of range 0-7 (0 or 7 = Sunday) in cron '"
                        + cron.trim() + "'");
            }
            return n;
        }
        int i = DAY_NAMES.indexOf(token.toUpperCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("invalid day-of-week '" + token + "' in cron '" + cron.trim()
                    + "'; use 0-7 (0 or 7 = Sunday) or SUN-SAT");
        }
        return i;
    }

    private static int quartzDay(int crontabDay) {
        return crontabDay % 7 + 1;
    }

    private static List<String> compress(TreeSet<Integer> days) {
        List<String> out = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int d : days) {
            if (start != null && d == prev + 1) {
                prev = d;
                continue;
            }
            if (start != null) {
                out.add(start.equals(prev) ? String.valueOf(start) : start + "-" + prev);
            }
            start = d;
            prev = d;
        }
        if (start != null) {
            out.add(start.equals(prev) ? String.valueOf(start) : start + "-" + prev);
        }
        return out;
    }
}
