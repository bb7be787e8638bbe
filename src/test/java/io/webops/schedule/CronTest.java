package io.webops.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "*/5 * * * *      | 0 */5 * * * ?",
            "0 9 * * 1-5      | 0 0 9 ? * 2-6",
            "0 0 1 * *        | 0 0 0 1 * ?",
            "30 2 * * 0       | 0 30 2 ? * 1",
            "30 2 * * 7       | 0 30 2 ? * 1",
            "0 12 * * 0,6     | 0 0 12 ? * 1,7",
            "0 12 * * 6,0     | 0 0 12 ? * 1,7",
            "0 12 * * 5-7     | 0 0 12 ? * 1,6-7",
            "0 12 * * 0-7     | 0 0 12 ? * 1-7",
            "0 12 * * */2     | 0 0 12 ? * 1,3,5,7",
            "0 12 * * 1-5/2   | 0 0 12 ? * 2,4,6",
            "0 12 * * 1,3,5   | 0 0 12 ? * 2,4,6",
            "0 12 * * MON-FRI | 0 0 12 ? * MON-FRI",
            "0 12 * * sat,sun | 0 0 12 ? * SAT,SUN",
            "0 12 * * FRI-MON | 0 0 12 ? * 1-2,6-7",
            "0 12 * * MON,3   | 0 0 12 ? * 2,4",
            "0 12 * * 5#3     | 0 0 12 ? * 6#3",
            "0 12 * * 5L      | 0 0 12 ? * 6L",
            "0 0 L * *        | 0 0 0 L * ?",
            "0 0 1,15 * ?     | 0 0 0 1,15 * ?",
            "15 10 * JAN-MAR *| 0 15 10 * JAN-MAR ?",
            "  1   2 3 4 *    | 0 1 2 3 4 ?",
    })
    void crontabToQuartz(String crontab, String quartz) {
        assertThat(Cron.toQuartz(crontab)).isEqualTo(quartz);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0/5 * * * ?", "0 15 10 ? * MON-FRI", "0 0 12 1/5 * ?", "0 0 0 1 1 ? 2099"})
    void quartzIsTakenAsIs(String quartz) {
        assertThat(Cron.toQuartz(quartz)).isEqualTo(quartz);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "@hourly   | 0 0 * * * ?",
            "@daily    | 0 0 0 * * ?",
            "@midnight | 0 0 0 * * ?",
            "@weekly   | 0 0 0 ? * 1",
            "@monthly  | 0 0 0 1 * ?",
            "@yearly   | 0 0 0 1 1 ?",
            "@annually | 0 0 0 1 1 ?",
            "@DAILY    | 0 0 0 * * ?",
    })
    void aliases(String alias, String quartz) {
        assertThat(Cron.toQuartz(alias)).isEqualTo(quartz);
    }

    @Test
    void unknownAlias() {
        assertThatThrownBy(() -> Cron.toQuartz("@reboot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@reboot")
                .hasMessageContaining("@hourly, @daily, @weekly, @monthly or @yearly");
    }

    @Test
    void badFieldCounts() {
        assertThatThrownBy(() -> Cron.toQuartz("*/5 * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cron '*/5 * *' has 3 fields; use 5 (crontab) or 6-7 (Quartz)");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 0 1 1 ? 2099 x"))
                .hasMessage("cron '0 0 0 1 1 ? 2099 x' has 8 fields; use 5 (crontab) or 6-7 (Quartz)");
        assertThatThrownBy(() -> Cron.toQuartz("hourly"))
                .hasMessage("cron 'hourly' has 1 field; use 5 (crontab) or 6-7 (Quartz)");
        assertThatThrownBy(() -> Cron.toQuartz("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cron expression is empty");
        assertThatThrownBy(() -> Cron.toQuartz(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badValuesCarryQuartzMessage() {
        assertThatThrownBy(() -> Cron.toQuartz("61 * * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cron '61 * * * *' (as Quartz '0 61 * * * ?'): ")
                .hasMessageContaining("Minute");
        assertThatThrownBy(() -> Cron.toQuartz("0 25 * * *"))
                .hasMessageStartingWith("invalid cron '0 25 * * *'")
                .hasMessageContaining("Hour");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 0 * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cron '0 0 0 * * *': ")
                .hasMessageContaining("day-of-week AND a day-of-month");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 * 13 *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cron '0 0 * 13 *'");
    }

    @Test
    void badDayOfWeek() {
        assertThatThrownBy(() -> Cron.toQuartz("0 0 * * 8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("day-of-week 8 out of range 0-7 (0 or 7 = Sunday) in cron '0 0 * * 8'");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 * * FUN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0 0 * * FUN'")
                .hasMessageContaining("Invalid Day-of-Week value: 'FUN'");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 * * 1,FUN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid day-of-week 'FUN'");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 * * 1-"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid day-of-week '1-'");
    }

    @Test
    void bothDayFieldsSetIsRejected() {
        assertThatThrownBy(() -> Cron.toQuartz("0 0 1 * 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restricts both day-of-month (1) and day-of-week (1)")
                .hasMessageContaining("set one of them to '*'");
    }

    @Test
    void zone() {
        assertThat(Cron.zone(null)).isEqualTo(ZoneId.of("UTC"));
        assertThat(Cron.zone(" ")).isEqualTo(ZoneId.of("UTC"));
        assertThat(Cron.zone("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThatThrownBy(() -> Cron.zone("Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown timezone 'Mars/Olympus'");
    }

    @Test
    void nextFireEveryFiveMinutesUtc() {
        assertThat(Cron.nextFire("*/5 * * * *", null, Instant.parse("2025-03-10T10:02:00Z")))
                .isEqualTo(Instant.parse("2025-03-10T10:05:00Z"));
        // strictly after
        assertThat(Cron.nextFire("*/5 * * * *", "UTC", Instant.parse("2025-03-10T10:05:00Z")))
                .isEqualTo(Instant.parse("2025-03-10T10:10:00Z"));
        assertThat(Cron.nextFire("0 0/5 * * * ?", "", Instant.parse("2025-03-10T10:02:30Z")))
                .isEqualTo(Instant.parse("2025-03-10T10:05:00Z"));
    }

    @Test
    void nextFireRespectsTimezone() {
        // 09:00 in Berlin is 08:00 UTC in winter (CET, +01:00) and 07:00 UTC in summer (CEST, +02:00)
        assertThat(Cron.nextFire("0 9 * * *", "Europe/Berlin", Instant.parse("2025-01-15T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-16T08:00:00Z"));
        assertThat(Cron.nextFire("0 9 * * *", "Europe/Berlin", Instant.parse("2025-07-15T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-07-16T07:00:00Z"));
        assertThat(Cron.nextFire("0 9 * * *", "America/New_York", Instant.parse("2025-01-15T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-15T14:00:00Z"));
    }

    @Test
    void nextFireWeekdaysAndSunday() {
        // 2025-03-08 is a Saturday
        assertThat(Cron.nextFire("0 9 * * 1-5", null, Instant.parse("2025-03-08T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-10T09:00:00Z")); // Monday
        assertThat(Cron.nextFire("30 2 * * 0", null, Instant.parse("2025-03-08T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-09T02:30:00Z")); // Sunday
        assertThat(Cron.nextFire("30 2 * * 7", null, Instant.parse("2025-03-08T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-09T02:30:00Z")); // Sunday again
        assertThat(Cron.nextFire("0 0 1 * *", null, Instant.parse("2025-03-08T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(Cron.nextFire("@weekly", null, Instant.parse("2025-03-08T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-09T00:00:00Z")); // midnight Saturday → Sunday
    }

    @Test
    void nextFireNeverAgainIsNull() {
        assertThat(Cron.nextFire("0 0 0 1 1 ? 2020", null, Instant.parse("2025-01-01T00:00:00Z"))).isNull();
    }

    @Test
    void nextFireRejectsBadInput() {
        assertThatThrownBy(() -> Cron.nextFire("* *", null, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cron.nextFire("* * * * *", "Nowhere/City", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Nowhere/City");
    }
}
