package io.webops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdTest {

    @Test
    void isCreatedOnFirstStartAndKeptInTheDataFolder(@TempDir Path data) throws Exception {
        String first = InstanceId.in(data);

        assertThat(UUID.fromString(first).toString()).isEqualTo(first);
        assertThat(Files.readString(data.resolve("instance-id")).strip()).isEqualTo(first);
        assertThat(InstanceId.in(data)).isEqualTo(first);
    }

    @Test
    void differsBetweenDataFolders(@TempDir Path one, @TempDir Path two) {
        assertThat(InstanceId.in(one)).isNotEqualTo(InstanceId.in(two));
    }
}
