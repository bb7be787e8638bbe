package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP over loopback through a plain HttpClient 5 configured with {@link SsrfGuard#httpClientConfigurer()}. */
class SsrfHttpClientTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    /** Fake DNS: loopback names for the test server, everything else points at forbidden addresses. */
    private final FakeDns dns = new FakeDns(Map.of(
            "loopback.test", List.of("127.0.0.1"),
            "metadata.test", List.of("169.254.169.254"),
            "intranet.test", List.of("10.0.0.1")));

    private LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static CloseableHttpClient client(SsrfGuard guard) {
        HttpClientBuilder builder = HttpClients.custom();
        guard.httpClientConfigurer().configureHttpClient(builder);
        return builder.build();
    }

    static String get(CloseableHttpClient client, String url) throws Exception {
        return client.execute(new HttpGet(url), response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
    }

    static SsrfException ssrfCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SsrfException) {
                return (SsrfException) c;
            }
        }
        throw new AssertionError("no SsrfException in the cause chain of " + t, t);
    }

    @Test
    void guardWithoutAllowListRefusesLoopbackServer() throws Exception {
        try (CloseableHttpClient client = client(new SsrfGuard(List.of(), dns))) {
            assertThatThrownBy(() -> get(client, server.url("/ok")))
                    .satisfies(t -> assertThat(ssrfCause(t)).hasMessageContaining("127.0.0.1 is a loopback address"));
            assertThatThrownBy(() -> get(client, "http://loopback.test:" + server.port() + "/ok"))
                    .satisfies(t -> assertThat(ssrfCause(t)).hasMessageContaining("loopback"));
        }
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void guardAllowingLoopbackReachesServer() throws Exception {
        try (CloseableHttpClient client = client(new SsrfGuard(LOOPBACK, dns))) {
            assertThat(get(client, server.url("/ok"))).isEqualTo("200 hello");
            assertThat(get(client, "http://loopback.test:" + server.port() + "/ok")).isEqualTo("200 hello");
        }
        assertThat(server.hits("/ok")).isEqualTo(2);
        assertThat(dns.calls("loopback.test")).isEqualTo(1); // resolved by the guard's DnsResolver
    }

    @Test
    void allowedRedirectIsFollowed() throws Exception {
        try (CloseableHttpClient client = client(new SsrfGuard(LOOPBACK, dns))) {
            assertThat(get(client, server.url(LoopbackServer.redirectPath(server.url("/ok"))))).isEqualTo("200 hello");
        }
        assertThat(server.hits("/redirect")).isEqualTo(1);
        assertThat(server.hits("/ok")).isEqualTo(1);
    }

    @Test
    void redirectToNameResolvingToMetadataIsRefusedBeforeConnecting() throws Exception {
        assertRedirectRefused("http://metadata.test/latest/meta-data/", "169.254.169.254, a cloud-metadata address");
        assertThat(dns.calls("metadata.test")).isEqualTo(1); // refused at resolution: never connected
    }

    @Test
    void redirectToNameResolvingToPrivateAddressIsRefused() throws Exception {
        assertRedirectRefused("http://intranet.test:8080/admin", "10.0.0.1, a private address");
    }

    @Test
    void redirectToForbiddenLiteralIsRefusedByTheRedirectCheck() throws Exception {
        assertRedirectRefused("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud-metadata address");
        assertRedirectRefused("http://0xa9fea9fe/", "cloud-metadata address");
        assertRedirectRefused("http://[::ffff:a00:1]/", "private address");
        assertRedirectRefused("http://[fd00:ec2::254]/", "cloud-metadata address");
        // HttpClient's redirect handling re-encodes the mixed IPv6/IPv4 notation as %5B...%5D: still refused
        assertRedirectRefused("http://[::ffff:10.0.0.1]/", "Refused");
        assertRedirectRefused("http://metadata.google.internal/computeMetadata/v1/", "reserved name");
        assertRedirectRefused("file:///etc/passwd", "only http and https");
    }

    @Test
    void redirectToLoopbackAddressOutsideTheAllowListIsRefused() throws Exception {
        // only 127.0.0.1/32 allowed; 127.0.0.2 stays on loopback even if the guard failed (nothing listens there)
        SsrfGuard narrow = new SsrfGuard(List.of("127.0.0.1/32"), dns);
        try (CloseableHttpClient client = client(narrow)) {
            String to = "http://127.0.0.2:" + server.port() + "/ok";
            assertThatThrownBy(() -> get(client, server.url(LoopbackServer.redirectPath(to))))
                    .satisfies(t -> assertThat(ssrfCause(t)).hasMessageContaining("127.0.0.2 is a loopback address"));
        }
        assertThat(server.hits("/redirect")).isEqualTo(1);
        assertThat(server.hits("/ok")).isZero();
    }

    @Test
    void rebindingIsCaughtAtConnectTime() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        SsrfGuard guard = new SsrfGuard(List.of(), FakeDns.rebinding("93.184.216.34", "127.0.0.1", lookups));
        String url = "http://rebind.test:" + server.port() + "/ok";
        // the application's up-front check passes: the name and its first answer are public
        assertThat(guard.checkUrl(url)).isNotNull();
        assertThat(guard.resolve("rebind.test")).extracting(a -> a.getHostAddress()).containsExactly("93.184.216.34");
        // the client resolves again when connecting, gets 127.0.0.1, and is refused before any connection
        try (CloseableHttpClient client = client(guard)) {
            assertThatThrownBy(() -> get(client, url))
                    .satisfies(t -> assertThat(ssrfCause(t))
                            .hasMessageContaining("rebind.test: it resolves to 127.0.0.1, a loopback address"));
        }
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void dnsResolverAloneGuardsEveryHopOnTheAddressConnectedTo() throws Exception {
        // no redirect strategy, no exec handler: only the connection manager's resolver
        SsrfGuard narrow = new SsrfGuard(List.of("127.0.0.1/32"), dns);
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(narrow.dnsResolver()).build())
                .build()) {
            assertThat(get(client, server.url("/ok"))).isEqualTo("200 hello");
            String to = "http://127.0.0.2:" + server.port() + "/ok";
            assertThatThrownBy(() -> get(client, server.url(LoopbackServer.redirectPath(to))))
                    .satisfies(t -> assertThat(ssrfCause(t)).hasMessageStartingWith("Refused host 127.0.0.2"));
            assertThatThrownBy(() -> get(client, server.url(LoopbackServer.redirectPath("http://metadata.test/"))))
                    .satisfies(t -> assertThat(ssrfCause(t)).hasMessageContaining("cloud-metadata"));
        }
        assertThat(server.hits("/ok")).isEqualTo(1);
    }

    private void assertRedirectRefused(String location, String expectedMessage) throws Exception {
        int before = server.hits("/redirect");
        try (CloseableHttpClient client = client(new SsrfGuard(LOOPBACK, dns))) {
            assertThatThrownBy(() -> get(client, server.url(LoopbackServer.redirectPath(location))))
                    .satisfies(t -> assertThat(ssrfCause(t)).hasMessageContaining(expectedMessage));
        }
        assertThat(server.hits("/redirect")).isEqualTo(before + 1);
    }
}
