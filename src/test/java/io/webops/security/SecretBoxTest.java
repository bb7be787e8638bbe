package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path data;

    @Test
    void sealedSecretOpensOnlyForItsOwner() {
        SecretBox box = SecretBox.fromEnvironment(null, data);
        String sealed = box.seal("s3cret", "wf-1");
        assertThat(sealed).startsWith(SecretBox.PREFIX).doesNotContain("s3cret");
        assertThat(box.open(sealed, "wf-1")).isEqualTo("s3cret");
        assertThatThrownBy(() -> box.open(sealed, "wf-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not decrypt");
    }

    @Test
    void tamperedCiphertextDoesNotOpen() {
        SecretBox box = SecretBox.fromEnvironment(null, data);
        String sealed = box.seal("s3cret", "wf-1");
        byte[] raw = java.util.Base64.getDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
        raw[raw.length / 2] ^= 1;
        String tampered = SecretBox.PREFIX + java.util.Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered, "wf-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyFileIsCreatedOnceWithOwnerOnlyPermissions() throws Exception {
        SecretBox first = SecretBox.fromEnvironment(null, data);
        String sealed = first.seal("x", "o");
        Path key = data.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(SecretBox.fromEnvironment(null, data).open(sealed, "o")).isEqualTo("x");
    }

    @Test
    void anotherMasterKeyCannotOpen() {
        String sealed = SecretBox.fromEnvironment(null, data).seal("x", "o");
        SecretBox other = SecretBox.fromEnvironment("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", data);
        assertThatThrownBy(() -> other.open(sealed, "o")).isInstanceOf(IllegalArgumentException.class);
    }
}
