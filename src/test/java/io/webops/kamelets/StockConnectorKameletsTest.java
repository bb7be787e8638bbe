package io.webops.kamelets;

import static io.webops.testing.servers.KameletRoutes.SINK_INPUT;
import static io.webops.testing.servers.KameletRoutes.SOURCE_OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webops.testing.servers.KameletRoutes;
import io.webops.testing.servers.LoopbackServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stock Kamelets of {@code org.apache.camel.kamelets:camel-kamelets} (ftp, sftp,
 * jms-apache-artemis; sources and sinks) in a bare CamelContext, with routes written in the YAML
 * DSL as a Camel user would, against real servers on loopback: what a source delivers and what a
 * sink writes are checked on the other side, byte for byte.
 */
class StockConnectorKameletsTest {

    private static final long WAIT_MILLIS = Duration.ofSeconds(30).toMillis();

    @RegisterExtension
    static final LoopbackServers servers = new LoopbackServers();

    @Test
    void ftpSourceDeliversAnUploadedFile() throws Exception {
        servers.ftp().put("inbox/order-1.csv", "id,total\n1,9.50\n");

        Exchange received = firstFrom("ftp-source", servers.ftp().kameletProperties("inbox"));

        assertThat(received.getMessage().getBody(String.class)).isEqualTo("id,total\n1,9.50\n");
        assertThat(received.getMessage().getHeader("file", String.class)).isEqualTo("order-1.csv");
    }

    @Test
    void ftpSinkWritesTheBodyUnderTheNameInTheFileHeader() throws Exception {
        upload("ftp-sink", servers.ftp().kameletProperties("outbox"), "greeting.txt", "héllo ftp\n");

        assertThat(Files.readString(servers.ftp().root().resolve("outbox/greeting.txt"), StandardCharsets.UTF_8))
                .isEqualTo("héllo ftp\n");
    }

    @Test
    void ftpSinkWorksInActiveModeTheKameletsDefault() throws Exception {
        Map<String, Object> activeMode = servers.ftp().kameletProperties("outbox");
        activeMode.remove("passiveMode");

        upload("ftp-sink", activeMode, "active.txt", "active");

        assertThat(Files.readString(servers.ftp().root().resolve("outbox/active.txt"), StandardCharsets.UTF_8)).isEqualTo("active");
    }

    @Test
    void sftpSourceDeliversAnUploadedFile() throws Exception {
        servers.sftp().put("inbox/order-2.json", "{\"id\":2,\"total\":12.25}");

        Exchange received = firstFrom("sftp-source", servers.sftp().kameletProperties("inbox"));

        assertThat(received.getMessage().getBody(String.class)).isEqualTo("{\"id\":2,\"total\":12.25}");
        assertThat(received.getMessage().getHeader("file", String.class)).isEqualTo("order-2.json");
    }

    @Test
    void sftpSinkWritesTheBodyUnderTheNameInTheFileHeader() throws Exception {
        upload("sftp-sink", servers.sftp().kameletProperties("outbox"), "greeting.txt", "héllo sftp\n");

        assertThat(Files.readString(servers.sftp().root().resolve("outbox/greeting.txt"), StandardCharsets.UTF_8))
                .isEqualTo("héllo sftp\n");
    }

    @Test
    void sftpSinkWithStrictHostKeyCheckingRefusesAServerItDoesNotKnow() throws Exception {
        Map<String, Object> strict = servers.sftp().kameletProperties("outbox");
        strict.put("strictHostKeyChecking", "yes");

        assertThatThrownBy(() -> upload("sftp-sink", strict, "refused.txt", "never written"))
                .isInstanceOf(CamelExecutionException.class)
                .rootCause().hasMessageContaining("reject HostKey");
        assertThat(servers.sftp().root().resolve("outbox/refused.txt")).doesNotExist();
    }

    @Test
    void artemisSinkPutsTheBodyOnTheQueue() throws Exception {
        try (DefaultCamelContext camel = KameletRoutes.start(
                KameletRoutes.sink("jms-apache-artemis-sink", servers.artemis().kameletProperties("orders-out")))) {
            camel.createProducerTemplate().sendBody(SINK_INPUT, "{\"order\":3}");
        }

        assertThat(servers.artemis().receiveText("orders-out", Duration.ofMillis(WAIT_MILLIS))).isEqualTo("{\"order\":3}");
    }

    @Test
    void artemisSourceDeliversAMessageFromTheQueue() throws Exception {
        try (DefaultCamelContext camel = KameletRoutes.start(
                KameletRoutes.source("jms-apache-artemis-source", servers.artemis().kameletProperties("orders-in")))) {
            servers.artemis().send("orders-in", "{\"order\":4}");
            Exchange received = camel.createConsumerTemplate().receive(SOURCE_OUTPUT, WAIT_MILLIS);

            assertThat(received).as("an exchange from jms-apache-artemis-source").isNotNull();
            assertThat(received.getMessage().getBody(String.class)).isEqualTo("{\"order\":4}");
        }
    }

    private static Exchange firstFrom(String kamelet, Map<String, Object> properties) throws Exception {
        try (DefaultCamelContext camel = KameletRoutes.start(KameletRoutes.source(kamelet, properties))) {
            Exchange received = camel.createConsumerTemplate().receive(SOURCE_OUTPUT, WAIT_MILLIS);
            assertThat(received).as("an exchange from " + kamelet).isNotNull();
            return received;
        }
    }

    private static void upload(String kamelet, Map<String, Object> properties, String fileName, String content) throws Exception {
        try (DefaultCamelContext camel = KameletRoutes.start(KameletRoutes.sink(kamelet, properties))) {
            camel.createProducerTemplate().sendBodyAndHeader(SINK_INPUT, content, "file", fileName);
        }
    }
}
