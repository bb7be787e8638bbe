package io.webops.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a server's Retry-After is read (seconds, an HTTP date, or nothing usable) and when it counts. */
class RetryAfterTest {

    @Test
    void readsSecondsAndHttpDatesAndIgnoresTheRest() {
        assertThat(RetryAfterFailure.millis(Map.of("Retry-After", "2"))).isEqualTo(2000);
        assertThat(RetryAfterFailure.millis(Map.of("retry-after", "0.5"))).isEqualTo(500);
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(RetryAfterFailure.millis(Map.of("Retry-After", inAMinute))).isBetween(1_000L, 60_000L);
        String past = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(RetryAfterFailure.millis(Map.of("Retry-After", past))).isZero();
        assertThat(RetryAfterFailure.millis(Map.of("Retry-After", "soon"))).isEqualTo(-1);
        assertThat(RetryAfterFailure.millis(Map.of("Content-Type", "application/json"))).isEqualTo(-1);
    }

    @Test
    void onlyATransientAnswerWaitsForIt() {
        Map<String, String> headers = Map.of("Retry-After", "3");
        assertThat(RetryAfterFailure.of("HttpError", "busy", true, headers))
                .isInstanceOfSatisfying(RetryAfterFailure.class, f -> assertThat(f.retryAfterMillis()).isEqualTo(3000));
        assertThat(RetryAfterFailure.of("HttpError", "no", false, headers)).isNotInstanceOf(RetryAfterFailure.class)
                .satisfies(f -> assertThat(f.isTransient()).isFalse());
        assertThat(RetryAfterFailure.of("HttpError", "busy", true, Map.of())).isNotInstanceOf(RetryAfterFailure.class)
                .satisfies(f -> assertThat(f.isTransient()).isTrue());
    }
}
