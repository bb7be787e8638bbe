package io.webops.kamelets.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.jcraft.jsch.ProxySOCKS5;

import io.webops.security.HostResolver;
import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import io.webops.testing.servers.EmbeddedArtemis;
import io.webops.testing.servers.EmbeddedFtp;
import io.webops.testing.servers.EmbeddedSftp;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stock ftp-sink, sftp-sink and jms-apache-artemis-sink Kamelets in a CamelContext with {@link ConnectionGuards}
 * installed: a loopback server is refused with the guard's message unless the operator allows 127.0.0.0/8, a name is
 * judged by the address it resolves to and that address is the one connected to, and the options that would reach
 * hosts the guard did not judge are refused.
 */
class ConnectionGuardsTest {

    private static final String LOOPBACK_REFUSED =
            "Refused host 127.0.0.1: 127.0.0.1 is a loopback address (allow it with WEBOPS_SSRF_ALLOW)";
    /** Only the fake DNS knows this name: it resolves to loopback. */
    private static final String NAME_OF_LOOPBACK = "files.example.test";
    private static final HostResolver FAKE_DNS = host -> {
        if (host.equals(NAME_OF_LOOPBACK)) {
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        }
        throw new UnknownHostException(host);
    };

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
        ftp.close();
        sftp.close();
        artemis.close();
    }

    @Test
    void ftpSinkToLoopbackIsRefusedWithTheGuardsMessage() throws Exception {
        try (DefaultCamelContext camel = guarded(new SsrfGuard(List.of()), ftpSink(ftp.host()))) {
            assertThatThrownBy(() -> camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "x", "file", "refused.txt"))
                    .isInstanceOf(CamelExecutionException.class)
                    .rootCause().isInstanceOf(SsrfException.class).hasMessage(LOOPBACK_REFUSED);
        }
        assertThat(ftp.root().resolve("outbox/refused.txt")).doesNotExist();
    }

    @Test
    void ftpSinkWritesThroughTheGuardWhenLoopbackIsAllowed() throws Exception {
        try (DefaultCamelContext camel = guarded(new SsrfGuard(List.of("127.0.0.0/8"), FAKE_DNS), ftpSink(NAME_OF_LOOPBACK))) {
            camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "guarded ftp", "file", "allowed.txt");
        }
        // the name exists only in the fake DNS: the control and data sockets went to the address the guard resolved
        assertThat(Files.readString(ftp.root().resolve("outbox/allowed.txt"))).isEqualTo("guarded ftp");
    }

    @Test
    void ftpSinkToANameResolvingToLoopbackIsRefused() throws Exception {
        try (DefaultCamelContext camel = guarded(new SsrfGuard(List.of(), FAKE_DNS), ftpSink(NAME_OF_LOOPBACK))) {
            assertThatThrownBy(() -> camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "x", "file", "refused.txt"))
                    .rootCause().isInstanceOf(SsrfException.class)
                    .hasMessage("Refused host files.example.test: it resolves to 127.0.0.1, a loopback address"
                            + " (allow it with WEBOPS_SSRF_ALLOW)");
        }
    }

    @Test
    void sftpSinkToLoopbackIsRefusedWithTheGuardsMessage() throws Exception {
        try (DefaultCamelContext camel = guarded(new SsrfGuard(List.of()), sftpSink(sftp.host()))) {
            assertThatThrownBy(() -> camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "x", "file", "refused.txt"))
                    .isInstanceOf(CamelExecutionException.class)
                    .rootCause().isInstanceOf(SsrfException.class).hasMessage(LOOPBACK_REFUSED);
        }
        assertThat(sftp.root().resolve("outbox/refused.txt")).doesNotExist();
    }

    @Test
    void sftpSinkWritesThroughTheGuardWhenLoopbackIsAllowed() throws Exception {
        try (DefaultCamelContext camel = guarded(new SsrfGuard(List.of("127.0.0.0/8"), FAKE_DNS), sftpSink(NAME_OF_LOOPBACK))) {
            camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "guarded sftp", "file", "allowed.txt");
        }
        assertThat(Files.readString(sftp.root().resolve("outbox/allowed.txt"))).isEqualTo("guarded sftp");
    }

    @Test
    void artemisSinkToALoopbackBrokerIsRefusedWithTheGuardsMessage() {
        Throwable thrown = catchThrowable(() -> guarded(new SsrfGuard(List.of()), artemisSink(artemis.brokerUrl())).close());

        assertThat(thrown).isNotNull().rootCause().isInstanceOf(SsrfException.class).hasMessage(LOOPBACK_REFUSED);
    }

    @Test
    void artemisSinkConnectsToTheAddressTheGuardJudged() throws Exception {
        String byName = "tcp://" + NAME_OF_LOOPBACK + ":" + artemis.port();
        try (DefaultCamelContext camel = guarded(new SsrfGuard(List.of("127.0.0.0/8"), FAKE_DNS), artemisSink(byName))) {
            camel.createProducerTemplate().sendBody("direct:publish", "guarded jms");
        }
        // only the fake DNS knows the name: the client was pinned to the address the guard resolved
        assertThat(artemis.receiveText("guarded-out", Duration.ofSeconds(30))).isEqualTo("guarded jms");
    }

    @Test
    void artemisBrokerUrlsThatReachUnjudgedHostsAreRefused() {
        SsrfGuard guard = new SsrfGuard(List.of("127.0.0.0/8"));
        String tcp = artemis.brokerUrl();

        assertThat(startFailure(guard, artemisSink("udp://231.7.7.7:9876"))).hasMessageContaining("using discovery");
        assertThat(startFailure(guard, artemisSink(tcp + "?ha=true"))).hasMessageContaining("ha=true");
        assertThat(startFailure(guard, artemisSink(artemis.inVmUrl()))).hasMessageContaining("not tcp://host:port");
        assertThat(startFailure(guard, artemisSink(tcp + "?socksEnabled=true&socksHost=127.0.0.1")))
                .hasMessageContaining("socksEnabled");
    }

    private static Throwable startFailure(SsrfGuard guard, String routes) {
        Throwable thrown = catchThrowable(() -> guarded(guard, routes).close());
        assertThat(thrown).as(routes).isNotNull();
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(SsrfException.class);
        return root;
    }

    private static String artemisSink(String brokerUrl) {
        return """
                - route:
                    from:
                      uri: direct:publish
                      steps:
                        - to:
                            uri: kamelet:jms-apache-artemis-sink
                            parameters:
                              brokerURL: "%s"
                              destinationName: guarded-out
                """.formatted(brokerUrl);
    }

    @Test
    void endpointOptionsThatWouldBypassTheGuardAreRefused() {
        SsrfGuard guard = new SsrfGuard(List.of("127.0.0.0/8"));
        String ftpBase = "ftp:" + ftp.user() + "@127.0.0.1:" + ftp.port() + "/outbox?password=" + ftp.password();
        String sftpBase = "sftp:127.0.0.1:" + sftp.port() + "/outbox?username=" + sftp.user() + "&password=" + sftp.password();

        assertThat(refusal(guard, ftpBase + "&ftpClient=#bean:anyClient"))
                .contains("The ftp option ftpClient is not allowed");
        assertThat(refusal(guard, ftpBase + "&ftpClient.socketFactory=#bean:plainSockets"))
                .contains("cannot be replaced");
        assertThat(refusal(guard, sftpBase + "&bindAddress=127.0.0.2"))
                .contains("The sftp option bindAddress is not allowed");
        assertThat(refusal(guard, sftpBase + "&proxy=#bean:socksProxy"))
                .contains("The sftp option proxy is not allowed");
    }

    private static String refusal(SsrfGuard guard, String uri) {
        String routes = """
                - route:
                    from:
                      uri: direct:upload
                      steps:
                        - to: "%s"
                """.formatted(uri);
        Throwable thrown = catchThrowable(() -> {
            try (DefaultCamelContext camel = new DefaultCamelContext()) {
                ConnectionGuards.install(camel, guard);
                camel.getRegistry().bind("anyClient", new FTPClient());
                camel.getRegistry().bind("plainSockets", SocketFactory.getDefault());
                camel.getRegistry().bind("socksProxy", new ProxySOCKS5("127.0.0.1", 1080));
                PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("routes.yaml", routes));
                camel.start();
                camel.createProducerTemplate().sendBodyAndHeader("direct:upload", "x", "file", "bypass.txt");
            }
        });
        assertThat(thrown).as(uri).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(ftp.root().resolve("outbox/bypass.txt")).doesNotExist();
        assertThat(sftp.root().resolve("outbox/bypass.txt")).doesNotExist();
        return messages.toString();
    }

    private static String ftpSink(String host) {
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
                              passiveMode: true
                """.formatted(host, ftp.port(), ftp.user(), ftp.password());
    }

    private static String sftpSink(String host) {
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
                              strictHostKeyChecking: "no"
                              useUserKnownHostsFile: false
                """.formatted(host, sftp.port(), sftp.user(), sftp.password());
    }

    private static DefaultCamelContext guarded(SsrfGuard guard, String yamlRoutes) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        ConnectionGuards.install(camel, guard);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("routes.yaml", yamlRoutes));
        camel.start();
        return camel;
    }
}
