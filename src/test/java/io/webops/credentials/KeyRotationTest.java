package io.webops.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Caller;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.security.SecretBox;
import org.junit.jupiter.api.Test;

/** Rotating the master key re-seals every secret; afterwards only the new key opens them. */
class KeyRotationTest {

    @Test
    void rotationReSealsCredentialsAndWebhookSecretsUnderTheNewKey() {
        SecretBox oldKey = new SecretBox(SecretBox.newKey());
        SecretBox newKey = new SecretBox(SecretBox.newKey());
        try (Store store = Store.inMemory()) {
            Vault vault = new Vault(store.dataSource(), oldKey);
            String id = vault.create(Caller.SYSTEM, Json.parse("{\"name\":\"gh\",\"kind\":\"github\",\"fields\":{\"token\":\"ghp_rot\"}}")).id();
            store.workflows().create("wf1", "wf", "{\"trigger\":{\"auth\":{\"type\":\"header\",\"value\":\""
                    + oldKey.seal("hook-secret", "wf1") + "\"}}}");

            KeyRotation.Counts n = KeyRotation.rotate(store.dataSource(), oldKey, newKey);

            assertThat(n).isEqualTo(new KeyRotation.Counts(1, 1));
            assertThat(new Vault(store.dataSource(), newKey).resolve(id, "github").text("token")).isEqualTo("ghp_rot");
            assertThatThrownBy(() -> new Vault(store.dataSource(), oldKey).resolve(id, "github")).hasMessageContaining("does not decrypt");
            JsonNode doc = Json.parse(store.workflows().get("wf1").orElseThrow().document());
            assertThat(newKey.open(doc.at("/trigger/auth/value").asText(), "wf1")).isEqualTo("hook-secret");
        }
    }

    @Test
    void aRotationThatCannotOpenAValueChangesNothing() {
        SecretBox oldKey = new SecretBox(SecretBox.newKey());
        SecretBox stranger = new SecretBox(SecretBox.newKey());
        try (Store store = Store.inMemory()) {
            Vault vault = new Vault(store.dataSource(), oldKey);
            String id = vault.create(Caller.SYSTEM, Json.parse("{\"name\":\"gh\",\"kind\":\"github\",\"fields\":{\"token\":\"t1\"}}")).id();
            store.workflows().create("wf1", "wf", "{\"trigger\":{\"auth\":{\"value\":\"" + stranger.seal("x", "wf1") + "\"}}}");

            assertThatThrownBy(() -> KeyRotation.rotate(store.dataSource(), oldKey, new SecretBox(SecretBox.newKey())))
                    .hasMessageContaining("does not decrypt");
            assertThat(vault.resolve(id, "github").text("token")).isEqualTo("t1");
        }
    }
}
