package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import io.webops.testing.servers.LoopbackFileServer;
import io.webops.testing.servers.LoopbackServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stock ftp, sftp and jms-apache-artemis Kamelets as nodes of workflows built through the API, each as a source (the
 * workflow's trigger) and as a sink, against real servers on loopback (Apache FtpServer, Apache MINA SSHD, Apache
 * Artemis); the data is checked on the other side. Loopback is allowed by the test server's WEBOPS_SSRF_ALLOW, and the
 * connections go through the guard (the default set of Kamelets, no WEBOPS_KAMELETS).
 */
class ConnectorKameletWorkflowsTest {

    @RegisterExtension
    static final LoopbackServers servers = new LoopbackServers();

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theConnectorKameletsAreEnabledByDefault() throws Exception {
        JsonNode items = s.get("/api/admin/kamelets").json().get("items");
        for (String name : List.of("ftp-source", "ftp-sink", "sftp-source", "sftp-sink", "jms-apache-artemis-source",
                "jms-apache-artemis-sink")) {
            JsonNode item = null;
            for (JsonNode i : items) {
                if (i.get("name").asText().equals(name)) {
                    item = i;
                }
            }
            assertThat(item).as(name).isNotNull();
            assertThat(item.get("status").asText()).as(item.toString()).isEqualTo("enabled");
        }
    }

    @Test
    void aKameletThisRuntimeDoesNotOfferIsRefusedWithTheReason() throws Exception {
        for (Map.Entry<String, String> refused : Map.of(
                "kamelet:mysql-sink", "is not offered here: needs jar com.mysql:mysql-connector-j",
                "kamelet:aws-s3-sink", "is not offered here: not in WEBOPS_KAMELETS",
                "kamelet:exec-sink", "is not offered here: refused on this runtime: it runs a command on this server").entrySet()) {
            JsonNode result = s.post("/api/workflows/validate", Map.of("name", "x", "nodes", List.of(
                    Map.of("id", "k", "type", refused.getKey())), "connections", List.of())).json();
            assertThat(result.get("errors").toString()).as(refused.getKey())
                    .contains("Node 'k': node type '" + refused.getKey() + "' " + refused.getValue());
        }
    }

    @Test
    void aFileUploadedByFtpIsTransformedAndWrittenBySftp() throws Exception {
        String ftpLogin = s.credential("ftp login", "kamelet", Map.of("password", servers.ftp().password()));
        String sftpLogin = s.credential("sftp login", "kamelet", Map.of("password", servers.sftp().password()));
        String id = s.create(Json.write(Map.of("name", "ftp to sftp", "trigger", Map.of("type", "kamelet"),
                "nodes", List.of(
                        node("in", "kamelet:ftp-source", ftpLogin, config(servers.ftp(), "inbox")),
                        Map.of("id", "shape", "type", "transform", "config", Map.of("type", "jsonata",
                                "query", "{'order_for': body, 'from_file': headers.file}")),
                        node("out", "kamelet:sftp-sink", sftpLogin, config(servers.sftp(), "outbox"))),
                "connections", List.of(Map.of("source", "in", "target", "shape"), Map.of("source", "shape", "target", "out")))));
        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);

        servers.ftp().put("inbox/order-1.txt", "Ada Lovelace");

        // the sink writes its input as JSON text
        assertThat(Json.parse(awaitOneFile(servers.sftp().root().resolve("outbox"))))
                .isEqualTo(Json.parse("{\"order_for\": \"Ada Lovelace\", \"from_file\": \"order-1.txt\"}"));
        JsonNode run = awaitEnded(id);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("trigger_type").asText()).isEqualTo("kamelet");
        assertThat(run.get("input").get("body").asText()).isEqualTo("Ada Lovelace");
        String routes = s.get("/api/workflows/" + id + "/routes").text();
        assertThat(routes).contains("kamelet:ftp-source/", "kamelet:sftp-sink/")
                .doesNotContain(servers.ftp().password(), servers.sftp().password());
        s.post("/api/workflows/" + id + "/disable", Map.of());
    }

    @Test
    void aJsonFileFromSftpBecomesAJmsMessage() throws Exception {
        String sftpLogin = s.credential("sftp in", "kamelet", Map.of("password", servers.sftp().password()));
        String id = s.create(Json.write(Map.of("name", "sftp to jms", "trigger", Map.of("type", "kamelet"),
                "nodes", List.of(
                        node("in", "kamelet:sftp-source", sftpLogin, config(servers.sftp(), "drop")),
                        node("out", "kamelet:jms-apache-artemis-sink", null, servers.artemis().kameletProperties("orders"))),
                "connections", List.of(Map.of("source", "in", "target", "out")))));
        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);

        servers.sftp().put("drop/order.json", "{\"order\": 7, \"customer\": \"Grace\"}");

        String text = servers.artemis().receiveText("orders", Duration.ofSeconds(30));
        assertThat(text).isNotNull();
        assertThat(Json.parse(text)).isEqualTo(Json.parse("{\"order\": 7, \"customer\": \"Grace\"}"));
        assertThat(awaitEnded(id).get("status").asText()).isEqualTo("success");
        s.post("/api/workflows/" + id + "/disable", Map.of());
    }

    @Test
    void aJmsMessageIsWrittenAsAFileByFtp() throws Exception {
        String ftpLogin = s.credential("ftp out", "kamelet", Map.of("password", servers.ftp().password()));
        String id = s.create(Json.write(Map.of("name", "jms to ftp", "trigger", Map.of("type", "kamelet"),
                "nodes", List.of(
                        node("in", "kamelet:jms-apache-artemis-source", null, servers.artemis().kameletProperties("invoices")),
                        Map.of("id", "shape", "type", "transform", "config", Map.of("type", "jmespath",
                                "query", "{invoice: id, total: sum(lines[].amount)}")),
                        node("out", "kamelet:ftp-sink", ftpLogin, config(servers.ftp(), "invoices"))),
                "connections", List.of(Map.of("source", "in", "target", "shape"), Map.of("source", "shape", "target", "out")))));
        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);

        servers.artemis().send("invoices", "{\"id\": \"INV-9\", \"lines\": [{\"amount\": 5}, {\"amount\": 7}]}");

        JsonNode written = Json.parse(awaitOneFile(servers.ftp().root().resolve("invoices")));
        assertThat(written.get("invoice").asText()).isEqualTo("INV-9");
        assertThat(written.get("total").asDouble()).isEqualTo(12.0);
        s.post("/api/workflows/" + id + "/disable", Map.of());
    }

    @Test
    void aServerTheGuardRefusesIsNotConnectedTo() throws Exception {
        Map<String, Object> config = config(servers.ftp(), "inbox");
        config.put("connectionHost", "169.254.169.254");
        String login = s.credential("ftp metadata", "kamelet", Map.of("password", "x"));
        String id = s.create(Json.write(Map.of("name", "ftp to metadata",
                "nodes", List.of(Map.of("id", "in", "type", "webhook_input"), node("out", "kamelet:ftp-sink", login, config)),
                "connections", List.of(Map.of("source", "in", "target", "out")))));

        JsonNode run = s.runAndWait(id, Map.of("x", 1));

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("Node 'out'", "169.254.169.254");
    }

    /** The fixture's properties for the Kamelet less its password, which comes from the node's credential. */
    private static Map<String, Object> config(LoopbackFileServer server, String directory) {
        Map<String, Object> config = new LinkedHashMap<>();
        // as the canvas sends them: the Kamelets' schemas type the port as text
        server.kameletProperties(directory).forEach((k, v) -> config.put(k, v instanceof Integer ? String.valueOf(v) : v));
        config.remove("password");
        return config;
    }

    private static Map<String, Object> node(String id, String type, String credential, Map<String, Object> config) {
        Map<String, Object> node = new LinkedHashMap<>(Map.of("id", id, "type", type, "config", config));
        if (credential != null) {
            node.put("credential", credential);
        }
        return node;
    }

    /** The content of the one file that appears in {@code folder}, once it is complete (its size stable). */
    private static String awaitOneFile(Path folder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long lastSize = -1;
        while (System.nanoTime() < deadline) {
            List<Path> files = files(folder);
            if (files.size() == 1) {
                long size = Files.size(files.get(0));
                if (size > 0 && size == lastSize) {
                    return Files.readString(files.get(0), StandardCharsets.UTF_8);
                }
                lastSize = size;
            }
            assertThat(files).as("files in " + folder).hasSizeLessThanOrEqualTo(1);
            Thread.sleep(100);
        }
        throw new AssertionError("no file arrived in " + folder);
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return new ArrayList<>(list.filter(Files::isRegularFile).toList());
        }
    }

    /** The workflow's one ended execution (with its node logs). */
    private static JsonNode awaitEnded(String workflowId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode items = s.get("/api/executions?workflow_id=" + workflowId).json().get("items");
            if (items.size() == 1 && !items.get(0).get("status").asText().equals("running")) {
                return s.get("/api/executions/" + items.get(0).get("id").asText()).json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ended execution of " + workflowId);
    }
}
