package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webops.testing.servers.EmbeddedArtemis;
import io.webops.testing.servers.EmbeddedFtp;
import io.webops.testing.servers.EmbeddedSftp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stock Kamelets of {@code org.apache.camel.kamelets:camel-kamelets} (ftp, sftp,
 * jms-apache-artemis; sources and sinks) in a bare CamelContext, with routes written in the YAML
 * DSL as a Camel user would, against real servers on loopback: what a source delivers and what a
 * sink writes are checked on the other side, byte for byte.
 */
class StockConnectorKameletsTest {

    private static final long WAIT_MILLIS = Duration.ofSeconds(30).toMillis();

    private static EmbeddedFtp ftp;
    private static EmbeddedSftp sftp;
    private static EmbeddedArtemis artemis;

    @BeforeAll
    static void startServers() {
        ftp = EmbeddedFtp.start();
        sftp = EmbeddedSftp.start();
        artemis = EmbeddedArtemis.start();
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable server : new AutoCloseable[] {ftp, sftp, artemis}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void ftpSourceDeliversAnUploadedFile() throws Exception {
        ftp.put("inbox/order-1.csv", "id,total\n1,9.50\n");
        String routes = """
                - route:
                    from:
                      uri: kamelet:ftp-source
                      parameters:
                        connectionHost: "%s"
                        connectionPort: "%d"
                        username: "%s"
                        password: "%s"
                        directoryName: inbox
                        passiveMode: true
                      steps:
                        - convertBodyTo:
                            type: java.lang.String
                        - to: seda:received
                """.formatted(ftp.host(), ftp.port(), ftp.user(), ftp.password());

        try (DefaultCamelContext camel = started(routes)) {
            Exchange received = camel.createConsumerTemplate().receive("seda:received", WAIT_MILLIS);

            assertThat(received).as("an exchange from ftp-source").isNotNull();
            assertThat(received.getMessage().getBody(String.class)).isEqualTo("id,total\n1,9.50\n");
            assertThat(received.getMessage().getHeader("file", String.class)).isEqualTo("order-1.csv");
        }
    }

    @Test
    void ftpSinkWritesTheBodyUnderTheNameInTheFileHeader() throws Exception {
        try (DefaultCamelContext camel = started(ftpSinkRoute("passiveMode: true"))) {
            camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "héllo ftp\n", "file", "greeting.txt");
        }

        assertThat(Files.readString(ftp.root().resolve("outbox/greeting.txt"), StandardCharsets.UTF_8))
                .isEqualTo("héllo ftp\n");
    }

    @Test
    void ftpSinkWorksInActiveModeTheKameletsDefault() throws Exception {
        try (DefaultCamelContext camel = started(ftpSinkRoute(""))) {
            camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "active", "file", "active.txt");
        }

        assertThat(Files.readString(ftp.root().resolve("outbox/active.txt"), StandardCharsets.UTF_8)).isEqualTo("active");
    }

    private static String ftpSinkRoute(String extraParameter) {
        return """
                - route:
                    from:
                      uri: direct:upload
                      steps:
                        - to:
                            uri: kamelet:ftp-sink
                            parameters:
                              connectionHost: "%s"
                              connectionPort: "%d"
                              username: "%s"
                              password: "%s"
                              directoryName: outbox
                              %s
                """.formatted(ftp.host(), ftp.port(), ftp.user(), ftp.password(), extraParameter);
    }

    @Test
    void sftpSourceDeliversAnUploadedFile() throws Exception {
        sftp.put("inbox/order-2.json", "{\"id\":2,\"total\":12.25}");
        String routes = """
                - route:
                    from:
                      uri: kamelet:sftp-source
                      parameters:
                        connectionHost: "%s"
                        connectionPort: "%d"
                        username: "%s"
                        password: "%s"
                        directoryName: inbox
                        strictHostKeyChecking: "no"
                        useUserKnownHostsFile: false
                      steps:
                        - convertBodyTo:
                            type: java.lang.String
                        - to: seda:received
                """.formatted(sftp.host(), sftp.port(), sftp.user(), sftp.password());

        try (DefaultCamelContext camel = started(routes)) {
            Exchange received = camel.createConsumerTemplate().receive("seda:received", WAIT_MILLIS);

            assertThat(received).as("an exchange from sftp-source").isNotNull();
            assertThat(received.getMessage().getBody(String.class)).isEqualTo("{\"id\":2,\"total\":12.25}");
            assertThat(received.getMessage().getHeader("file", String.class)).isEqualTo("order-2.json");
        }
    }

    @Test
    void sftpSinkWritesTheBodyUnderTheNameInTheFileHeader() throws Exception {
        try (DefaultCamelContext camel = started(sftpSinkRoute("no"))) {
            camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "héllo sftp\n", "file", "greeting.txt");
        }

        assertThat(Files.readString(sftp.root().resolve("outbox/greeting.txt"), StandardCharsets.UTF_8))
                .isEqualTo("héllo sftp\n");
    }

    @Test
    void sftpSinkWithStrictHostKeyCheckingRefusesAServerItDoesNotKnow() throws Exception {
        try (DefaultCamelContext camel = started(sftpSinkRoute("yes"))) {
            assertThatThrownBy(() -> camel.createProducerTemplate()
                            .sendBodyAndHeader("direct:upload", "never written", "file", "refused.txt"))
                    .isInstanceOf(CamelExecutionException.class)
                    .rootCause().hasMessageContaining("HostKey");
        }

        assertThat(sftp.root().resolve("outbox/refused.txt")).doesNotExist();
    }

    private static String sftpSinkRoute(String strictHostKeyChecking) {
        return """
                - route:
                    from:
                      uri: direct:upload
                      steps:
                        - to:
                            uri: kamelet:sftp-sink
                            parameters:
                              connectionHost: "%s"
                              connectionPort: "%d"
                              username: "%s"
                              password: "%s"
                              directoryName: outbox
                              strictHostKeyChecking: "%s"
                              useUserKnownHostsFile: false
                """.formatted(sftp.host(), sftp.port(), sftp.user(), sftp.password(), strictHostKeyChecking);
    }

    @Test
    void artemisSinkPutsTheBodyOnTheQueue() throws Exception {
        String routes = """
                - route:
                    from:
                      uri: direct:publish
                      steps:
                        - to:
                            uri: kamelet:jms-apache-artemis-sink
                            parameters:
                              brokerURL: "%s"
                              destinationName: orders-out
                """.formatted(artemis.brokerUrl());

        try (DefaultCamelContext camel = started(routes)) {
            camel.createProducerTemplate().sendBody("direct:publish", "{\"order\":3}");
        }

        assertThat(artemis.receiveText("orders-out", Duration.ofMillis(WAIT_MILLIS))).isEqualTo("{\"order\":3}");
    }

    @Test
    void artemisSourceDeliversAMessageFromTheQueue() throws Exception {
        String routes = """
                - route:
                    from:
                      uri: kamelet:jms-apache-artemis-source
                      parameters:
                        brokerURL: "%s"
                        destinationName: orders-in
                      steps:
                        - to: seda:received
                """.formatted(artemis.brokerUrl());

        try (DefaultCamelContext camel = started(routes)) {
            artemis.send("orders-in", "{\"order\":4}");
            Exchange received = camel.createConsumerTemplate().receive("seda:received", WAIT_MILLIS);

            assertThat(received).as("an exchange from jms-apache-artemis-source").isNotNull();
            assertThat(received.getMessage().getBody(String.class)).isEqualTo("{\"order\":4}");
        }
    }

    private static DefaultCamelContext started(String yamlRoutes) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("routes.yaml", yamlRoutes));
        camel.start();
        return camel;
    }
}
