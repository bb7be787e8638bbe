package io.webops.history;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionIdsTest {
    @Test
    void idsAreVersion7UuidsThatSortByCreationMillisecond() {
        UUID id = UUID.fromString(ExecutionIds.next());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(5_000L));

        String earlier = ExecutionIds.at(1_764_000_000_000L).toString();
        String later = ExecutionIds.at(1_764_000_000_001L).toString();
        assertThat(earlier).hasSize(36).isLessThan(later);
        assertThat(ExecutionIds.at(1L).toString()).isLessThan(earlier);
    }

    @Test
    void idsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(ids.add(ExecutionIds.next())).isTrue();
        }
    }
}
