package io.webops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.auth.Caller;
import io.webops.credentials.Vault;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.security.SecretBox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rotate-key} on a stopped server's data folder. */
class RotateKeyCommandTest {

    @Test
    void theCommandReplacesTheKeyFileOnlyAfterTheDataIsReSealed(@TempDir Path data) throws Exception {
        String before;
        String id;
        try (Store store = Store.openH2(data, "test")) {
            SecretBox box = SecretBox.fromEnvironment(null, data);
            before = Files.readString(data.resolve("master.key"));
            id = new Vault(store.dataSource(), box).create(Caller.SYSTEM,
                    Json.parse("{\"name\":\"gh\",\"kind\":\"github\",\"fields\":{\"token\":\"cli-token\"}}")).id();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty("webops.data", data.toString());
        try {
            int code = Main.run(new String[] {"rotate-key"}, new PrintStream(out), new PrintStream(out));
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            System.clearProperty("webops.data");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Re-sealed 1 credential(s)").doesNotContain("cli-token");
        assertThat(Files.readString(data.resolve("master.key"))).isNotEqualTo(before);
        assertThat(Files.exists(data.resolve("master.key.next"))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key")))).isEqualTo("rw-------");
        try (Store store = Store.openH2(data, "test")) {
            assertThat(new Vault(store.dataSource(), SecretBox.fromEnvironment(null, data)).resolve(id, "github").text("token"))
                    .isEqualTo("cli-token");
        }
    }
}
