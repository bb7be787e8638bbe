package io.webops.kamelets.guard;

import static io.webops.testing.servers.KameletRoutes.SINK_INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.jcraft.jsch.ProxySOCKS5;
import io.webops.security.HostResolver;
import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import io.webops.testing.servers.KameletRoutes;
import io.webops.testing.servers.LoopbackServers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    private static final SsrfGuard NOTHING_ALLOWED = new SsrfGuard(List.of(), FAKE_DNS);
    private static final SsrfGuard LOOPBACK_ALLOWED = new SsrfGuard(List.of("127.0.0.0/8"), FAKE_DNS);

    @RegisterExtension
    static final LoopbackServers servers = new LoopbackServers();

    @ParameterizedTest
    @ValueSource(strings = {"ftp-sink", "sftp-sink"})
    void fileSinkToLoopbackIsRefusedWithTheGuardsMessage(String kamelet) {
        Throwable thrown = catchThrowable(() -> upload(NOTHING_ALLOWED, fileSink(kamelet, "127.0.0.1"), "refused.txt"));

        assertThat(thrown).isNotNull().rootCause().isInstanceOf(SsrfException.class).hasMessage(LOOPBACK_REFUSED);
        assertThat(rootOf(kamelet).resolve("outbox/refused.txt")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp-sink", "sftp-sink"})
    void fileSinkToANameResolvingToLoopbackIsRefused(String kamelet) {
        Throwable thrown = catchThrowable(() -> upload(NOTHING_ALLOWED, fileSink(kamelet, NAME_OF_LOOPBACK), "refused.txt"));

        assertThat(thrown).isNotNull().rootCause().isInstanceOf(SsrfException.class)
                .hasMessage("Refused host files.example.test: it resolves to 127.0.0.1, a loopback address"
                        + " (allow it with WEBOPS_SSRF_ALLOW)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp-sink", "sftp-sink"})
    void fileSinkWritesThroughTheGuardToTheAddressItJudged(String kamelet) throws Exception {
        upload(LOOPBACK_ALLOWED, fileSink(kamelet, NAME_OF_LOOPBACK), "allowed.txt");

        // the name exists only in the fake DNS: every socket went to the address the guard resolved
        assertThat(Files.readString(rootOf(kamelet).resolve("outbox/allowed.txt"))).isEqualTo("through the guard");
    }

    @Test
    void artemisSinkToALoopbackBrokerIsRefusedWithTheGuardsMessage() {
        Throwable thrown = catchThrowable(() -> guarded(NOTHING_ALLOWED, artemisSink(servers.artemis().brokerUrl())).close());

        assertThat(thrown).isNotNull().rootCause().isInstanceOf(SsrfException.class).hasMessage(LOOPBACK_REFUSED);
    }

    @Test
    void artemisSinkConnectsToTheAddressTheGuardJudged() throws Exception {
        try (DefaultCamelContext camel = guarded(LOOPBACK_ALLOWED, artemisSink("tcp://" + NAME_OF_LOOPBACK + ":" + servers.artemis().port()))) {
            camel.createProducerTemplate().sendBody(SINK_INPUT, "guarded jms");
        }
        // only the fake DNS knows the name: the client was pinned to the address the guard resolved
        assertThat(servers.artemis().receiveText("guarded-out", Duration.ofSeconds(30))).isEqualTo("guarded jms");
    }

    @Test
    void artemisBrokerUrlsThatReachUnjudgedHostsAreRefused() {
        String tcp = servers.artemis().brokerUrl();

        assertThat(refusal(artemisSink("udp://231.7.7.7:9876"))).contains("using discovery");
        assertThat(refusal(artemisSink(tcp + "?ha=true"))).contains("ha=true");
        assertThat(refusal(artemisSink(servers.artemis().inVmUrl()))).contains("not tcp://host:port");
        assertThat(refusal(artemisSink(tcp + "?socksEnabled=true&socksHost=127.0.0.1"))).contains("socksEnabled");
    }

    @Test
    void endpointOptionsThatWouldBypassTheGuardAreRefused() {
        String ftpBase = "ftp:" + servers.ftp().user() + "@127.0.0.1:" + servers.ftp().port() + "/outbox?password=" + servers.ftp().password();
        String sftpBase = "sftp:127.0.0.1:" + servers.sftp().port() + "/outbox?username=" + servers.sftp().user() + "&password=" + servers.sftp().password();

        assertThat(refusal(plainRoute(ftpBase + "&ftpClient=#bean:anyClient"))).contains("The ftp option ftpClient is not allowed");
        assertThat(refusal(plainRoute(ftpBase + "&ftpClient.socketFactory=#bean:plainSockets"))).contains("cannot be replaced");
        assertThat(refusal(plainRoute(sftpBase + "&bindAddress=127.0.0.2"))).contains("The sftp option bindAddress is not allowed");
        assertThat(refusal(plainRoute(sftpBase + "&proxy=#bean:socksProxy"))).contains("The sftp option proxy is not allowed");
        assertThat(servers.ftp().root().resolve("outbox/bypass.txt")).doesNotExist();
        assertThat(servers.sftp().root().resolve("outbox/bypass.txt")).doesNotExist();
    }

    @Test
    void theFtpsKameletsAreRefusedUntilFtpsCanBeGuarded() {
        Map<String, Object> properties = servers.ftp().kameletProperties("outbox");
        properties.remove("passiveMode");

        assertThat(refusal(KameletRoutes.sink("ftps-sink", properties))).contains("The ftps component is disabled");
    }

    /** The messages of the failure's causes, when the routes are started and sent one file with the loopback allowed. */
    private static String refusal(String routes) {
        Throwable thrown = catchThrowable(() -> upload(LOOPBACK_ALLOWED, routes, "bypass.txt"));
        assertThat(thrown).as(routes).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static String plainRoute(String uri) {
        return """
                - route:
                    from:
                      uri: %s
                      steps:
                        - to: "%s"
                """.formatted(SINK_INPUT, uri);
    }

    private static String fileSink(String kamelet, String host) {
        Map<String, Object> properties = kamelet.equals("ftp-sink") ? servers.ftp().kameletProperties("outbox") : servers.sftp().kameletProperties("outbox");
        properties.put("connectionHost", host);
        return KameletRoutes.sink(kamelet, properties);
    }

    private static Path rootOf(String kamelet) {
        return kamelet.equals("ftp-sink") ? servers.ftp().root() : servers.sftp().root();
    }

    private static String artemisSink(String brokerUrl) {
        Map<String, Object> properties = servers.artemis().kameletProperties("guarded-out");
        properties.put("brokerURL", brokerUrl);
        return KameletRoutes.sink("jms-apache-artemis-sink", properties);
    }

    private static void upload(SsrfGuard guard, String routes, String fileName) throws Exception {
        try (DefaultCamelContext camel = guarded(guard, routes)) {
            camel.createProducerTemplate().sendBodyAndHeader(SINK_INPUT, "through the guard", "file", fileName);
        }
    }

    private static DefaultCamelContext guarded(SsrfGuard guard, String routes) throws Exception {
        return KameletRoutes.start(routes, camel -> {
            ConnectionGuards.install(camel, guard);
            camel.getRegistry().bind("anyClient", new FTPClient());
            camel.getRegistry().bind("plainSockets", SocketFactory.getDefault());
            camel.getRegistry().bind("socksProxy", new ProxySOCKS5("127.0.0.1", 1080));
        });
    }
}
