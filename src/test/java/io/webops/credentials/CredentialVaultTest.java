package io.webops.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The credential vault through the real API: secrets go in, never come out, and stay bound to their row. */
class CredentialVaultTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String create(String name, String kind, Map<String, Object> fields) throws Exception {
        return server.credential(name, kind, fields);
    }

    @Test
    void secretsAreWriteOnlyInEveryAnswer() throws Exception {
        String id = create("Sales DB", "database", Map.of("jdbc_url", "jdbc:h2:mem:sales", "username", "sa",
                "password", "pw-9f3b-very-secret"));
        TestServer.Reply one = server.get("/api/credentials/" + id);
        TestServer.Reply list = server.get("/api/credentials");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("kind").asText()).isEqualTo("database");
        assertThat(one.json().get("jdbc_url").asText()).isEqualTo("jdbc:h2:mem:sales");
        assertThat(one.json().get("fields").get("username").asText()).isEqualTo("sa");
        assertThat(one.json().get("secret_fields").toString()).isEqualTo("[\"password\"]");
        assertThat(one.json().has("password")).isFalse();
        assertThat(one.text()).doesNotContain("pw-9f3b-very-secret");
        assertThat(list.text()).contains(id).doesNotContain("pw-9f3b-very-secret");
    }

    @Test
    void secretsAreEncryptedAtRestAndBoundToTheirRow() throws Exception {
        String a = create("A", "github", Map.of("token", "ghp_secretAAAAAAAAAAAA"));
        String b = create("B", "github", Map.of("token", "ghp_secretBBBBBBBBBBBB"));
        try (Connection c = server.server().store().dataSource().getConnection()) {
            String sealedA = column(c, a, "secrets");
            assertThat(sealedA).startsWith("enc:v1:").doesNotContain("ghp_secret");
            assertThat(column(c, a, "fields")).doesNotContain("ghp_secret");
            try (PreparedStatement ps = c.prepareStatement("UPDATE credentials SET secrets = ? WHERE id = ?")) {
                ps.setString(1, sealedA);
                ps.setString(2, b);
                ps.executeUpdate();
            }
        }
        Vault vault = server.server().vault();
        assertThat(vault.resolve(a, "github").text("token")).isEqualTo("ghp_secretAAAAAAAAAAAA");
        assertThatThrownBy(() -> vault.resolve(b, "github"))
                .hasMessageContaining("does not decrypt").hasMessageNotContaining("ghp_secret");
    }

    @Test
    void updateKeepsOmittedSecretsAndClearsEmptiedOnes() throws Exception {
        String id = create("Mail", "smtp", Map.of("host", "mail.local", "port", 25, "from", "a@b.c",
                "username", "u", "password", "smtp-pass-123"));
        TestServer.Reply r = server.put("/api/credentials/" + id, Map.of("fields", Map.of("host", "mail2.local", "port", 2525, "from", "a@b.c")));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("host").asText()).isEqualTo("mail2.local");
        assertThat(r.json().has("username")).isFalse();
        ResolvedCredential opened = server.server().vault().resolve(id, "smtp");
        assertThat(opened.text("password")).isEqualTo("smtp-pass-123");
        assertThat(opened.text("port")).isEqualTo("2525");

        server.put("/api/credentials/" + id, Map.of("fields", Map.of("host", "mail2.local", "port", 2525, "from", "a@b.c", "password", "")));
        assertThat(server.server().vault().resolve(id, "smtp").text("password")).isNull();
    }

    @Test
    void badRequestsNameTheFieldAndSaveNothing() throws Exception {
        int before = server.get("/api/credentials").json().get("items").size();
        TestServer.Reply unknownKind = server.post("/api/credentials", Map.of("name", "x", "kind", "ftp", "fields", Map.of()));
        assertThat(unknownKind.status()).isEqualTo(422);
        assertThat(unknownKind.json().at("/error/message").asText()).contains("Unknown credential kind 'ftp'");

        TestServer.Reply missing = server.post("/api/credentials", Map.of("name", "db", "kind", "database", "fields", Map.of("username", "sa")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/error/details/0/field").asText()).isEqualTo("fields.jdbc_url");

        TestServer.Reply extra = server.post("/api/credentials", Map.of("name", "db", "kind", "database",
                "fields", Map.of("jdbc_url", "jdbc:h2:mem:x", "pasword", "typo")));
        assertThat(extra.status()).isEqualTo(422);
        assertThat(extra.text()).contains("pasword").doesNotContain("typo\"");

        TestServer.Reply noName = server.post("/api/credentials", Map.of("kind", "github", "fields", Map.of("token", "t")));
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.json().at("/error/details/0/field").asText()).isEqualTo("name");
        assertThat(server.get("/api/credentials").json().get("items").size()).isEqualTo(before);
    }

    @Test
    void customCredentialsKeepEveryFieldSecret() throws Exception {
        String id = create("Partner API", "custom", Map.of("api_key", "k-123456", "region", "eu-west-1"));
        TestServer.Reply r = server.get("/api/credentials/" + id);
        assertThat(r.text()).doesNotContain("k-123456").doesNotContain("eu-west-1");
        assertThat(server.server().vault().resolve(id, "custom").text("region")).isEqualTo("eu-west-1");
    }

    @Test
    void deletedCredentialsAreGoneAndUnknownOnesAre404() throws Exception {
        String id = create("Tmp", "github", Map.of("token", "ghp_tmp"));
        assertThat(server.delete("/api/credentials/" + id).status()).isEqualTo(204);
        assertThat(server.get("/api/credentials/" + id).status()).isEqualTo(404);
        assertThat(server.delete("/api/credentials/" + id).status()).isEqualTo(404);
        assertThatThrownBy(() -> server.server().vault().resolve(id, "github")).hasMessageContaining("does not exist");
    }

    @Test
    void aNodeAskingForAnotherKindIsToldWhichKindItNeeds() throws Exception {
        String id = create("Gh", "github", Map.of("token", "ghp_x"));
        assertThatThrownBy(() -> server.server().vault().resolve(id, "database"))
                .hasMessage("Credential '" + id + "' is a github credential; this node needs a database credential");
    }

    @Test
    void everyKindIsDescribedWithItsSecretsMarked() throws Exception {
        JsonNode kinds = server.get("/api/credential-kinds").json();
        assertThat(kinds.fieldNames()).toIterable()
                .containsExactly("database", "smtp", "slack", "google", "openai", "http", "github", "custom", "kamelet");
        assertThat(kinds.at("/database/properties/password/format").asText()).isEqualTo("password");
        assertThat(kinds.at("/database/properties/password/writeOnly").asBoolean()).isTrue();
        assertThat(kinds.at("/database/properties/jdbc_url/writeOnly").isMissingNode()).isTrue();
        assertThat(kinds.at("/slack/properties/webhook_url/writeOnly").asBoolean()).isTrue();
        assertThat(kinds.at("/google/properties/refresh_token/writeOnly").asBoolean()).isTrue();
    }

    private static String column(Connection c, String id, String column) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM credentials WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
