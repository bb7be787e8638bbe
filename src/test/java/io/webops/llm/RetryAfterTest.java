package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a model server's Retry-After is read: seconds, an HTTP date, or nothing usable. */
class RetryAfterTest {

    @Test
    void readsSecondsAndHttpDatesAndIgnoresTheRest() {
        assertThat(GuardedHttpClient.retryAfterMillis(Map.of("Retry-After", "2"))).isEqualTo(2000);
        assertThat(GuardedHttpClient.retryAfterMillis(Map.of("retry-after", "0.5"))).isEqualTo(500);
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(GuardedHttpClient.retryAfterMillis(Map.of("Retry-After", inAMinute))).isBetween(1_000L, 60_000L);
        String past = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(GuardedHttpClient.retryAfterMillis(Map.of("Retry-After", past))).isZero();
        assertThat(GuardedHttpClient.retryAfterMillis(Map.of("Retry-After", "soon"))).isEqualTo(-1);
        assertThat(GuardedHttpClient.retryAfterMillis(Map.of("Content-Type", "application/json"))).isEqualTo(-1);
    }
}
