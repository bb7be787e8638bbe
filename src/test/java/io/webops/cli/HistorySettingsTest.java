package io.webops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webops.history.Retention;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The instance's history limits: their defaults, the environment over them, and values refused by name. */
class HistorySettingsTest {

    @Test
    void keepsThirtyDaysAndTenThousandPerWorkflowPrunedEveryMinuteAndValuesUpToOneMegabyteByDefault() {
        assertThat(Settings.from(Map.of()).history())
                .isEqualTo(new Settings.History(new Retention(30, 10_000), 60, 1024 * 1024));
    }

    @Test
    void theEnvironmentSetsThemAndZeroMeansNoLimit() {
        Settings.History h = Settings.from(Map.of("WEBOPS_HISTORY_MAX_AGE_DAYS", "0",
                "WEBOPS_HISTORY_MAX_PER_WORKFLOW", "250", "WEBOPS_HISTORY_PRUNE_SECONDS", "5",
                "WEBOPS_HISTORY_MAX_VALUE_BYTES", "4096")).history();

        assertThat(h).isEqualTo(new Settings.History(new Retention(0, 250), 5, 4096));
    }

    @Test
    void aNegativeOrNonNumericLimitOrNoIntervalIsRefusedByName() {
        assertThatThrownBy(() -> Settings.from(Map.of("WEBOPS_HISTORY_MAX_AGE_DAYS", "-1")))
                .hasMessage("WEBOPS_HISTORY_MAX_AGE_DAYS must be a whole number, 0 or more, not '-1'");
        assertThatThrownBy(() -> Settings.from(Map.of("WEBOPS_HISTORY_MAX_PER_WORKFLOW", "lots")))
                .hasMessage("WEBOPS_HISTORY_MAX_PER_WORKFLOW must be a whole number, 0 or more, not 'lots'");
        assertThatThrownBy(() -> Settings.from(Map.of("WEBOPS_HISTORY_PRUNE_SECONDS", "0")))
                .hasMessage("WEBOPS_HISTORY_PRUNE_SECONDS must be a whole number, 1 or more, not '0'");
        assertThatThrownBy(() -> Settings.from(Map.of("WEBOPS_HISTORY_MAX_VALUE_BYTES", "0")))
                .hasMessage("WEBOPS_HISTORY_MAX_VALUE_BYTES must be a whole number of bytes, 1 or more, not '0'");
    }
}
