package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard wired into a camel-http endpoint with {@code httpClientConfigurer=#guard}. */
class SsrfCamelHttpTest {

    private final FakeDns dns = new FakeDns(Map.of(
            "loopback.test", List.of("127.0.0.1"),
            "metadata.test", List.of("169.254.169.254")));

    private LoopbackServer server;
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        server.close();
    }

    private ProducerTemplate camelWith(SsrfGuard guard) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("guard", guard.httpClientConfigurer());
        camel.start();
        return camel.createProducerTemplate();
    }

    private String endpoint(String host, String pathAndQuery) {
        String sep = pathAndQuery.contains("?") ? "&" : "?";
        return "http://" + host + ":" + server.port() + pathAndQuery + sep + "httpClientConfigurer=#guard";
    }

    @Test
    void camelHttpEndpointIsRefusedWithoutAllowList() throws Exception {
        ProducerTemplate template = camelWith(new SsrfGuard(List.of(), dns));
        assertThatThrownBy(() -> template.requestBody(endpoint("127.0.0.1", "/x"), null, String.class))
                .satisfies(t -> assertThat(SsrfHttpClientTest.ssrfCause(t))
                        .hasMessageContaining("127.0.0.1 is a loopback address"));
        assertThatThrownBy(() -> template.requestBody(endpoint("loopback.test", "/x"), null, String.class))
                .satisfies(t -> assertThat(SsrfHttpClientTest.ssrfCause(t)).hasMessageContaining("loopback"));
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void camelHttpEndpointReachesLoopbackWhenAllowed() throws Exception {
        ProducerTemplate template = camelWith(new SsrfGuard(List.of("127.0.0.0/8", "::1/128"), dns));
        assertThat(template.requestBody(endpoint("127.0.0.1", "/x"), null, String.class)).isEqualTo("hello");
        assertThat(template.requestBody(endpoint("loopback.test", "/x"), null, String.class)).isEqualTo("hello");
        assertThat(server.hits("/x")).isEqualTo(2);
        assertThat(dns.calls("loopback.test")).isEqualTo(1);
    }

    @Test
    void camelHttpRedirectsAreGuardedWhenFollowRedirectsIsOn() throws Exception {
        ProducerTemplate template = camelWith(new SsrfGuard(List.of("127.0.0.0/8"), dns));
        String ok = server.url("/x");
        assertThat(template.requestBody(endpoint("127.0.0.1", LoopbackServer.redirectPath(ok) + "&followRedirects=true"),
                null, String.class)).isEqualTo("hello");

        String toMetadataName = LoopbackServer.redirectPath("http://metadata.test/latest/") + "&followRedirects=true";
        assertThatThrownBy(() -> template.requestBody(endpoint("127.0.0.1", toMetadataName), null, String.class))
                .satisfies(t -> assertThat(SsrfHttpClientTest.ssrfCause(t))
                        .hasMessageContaining("169.254.169.254, a cloud-metadata address"));

        String toPrivate = LoopbackServer.redirectPath("http://10.0.0.1/") + "&followRedirects=true";
        assertThatThrownBy(() -> template.requestBody(endpoint("127.0.0.1", toPrivate), null, String.class))
                .satisfies(t -> assertThat(SsrfHttpClientTest.ssrfCause(t)).hasMessageContaining("private address"));
        assertThat(server.hits("/x")).isEqualTo(1);
        assertThat(server.hits("/redirect")).isEqualTo(3);
    }

    @Test
    void componentLevelConfigurerGuardsEndpointsThatDoNotNameIt() throws Exception {
        camel = new DefaultCamelContext();
        HttpClientConfigurer configurer = new SsrfGuard(List.of(), dns).httpClientConfigurer();
        camel.getComponent("http", HttpComponent.class).setHttpClientConfigurer(configurer);
        camel.getComponent("https", HttpComponent.class).setHttpClientConfigurer(configurer);
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        assertThatThrownBy(() -> template.requestBody(server.url("/x"), null, String.class))
                .satisfies(t -> assertThat(SsrfHttpClientTest.ssrfCause(t)).hasMessageContaining("loopback"));
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void userUrlPassedInHttpUriHeaderIsGuardedByTheFixedEndpointsClient() throws Exception {
        ProducerTemplate template = camelWith(new SsrfGuard(List.of("127.0.0.0/8"), dns));
        String fixedEndpoint = endpoint("127.0.0.1", "/x");
        String allowed = "http://loopback.test:" + server.port() + "/ok";
        assertThat(template.requestBodyAndHeader(fixedEndpoint, null, Exchange.HTTP_URI, allowed, String.class))
                .isEqualTo("hello");
        assertThat(server.hits("/ok")).isEqualTo(1);

        String forbidden = "http://metadata.test/latest/meta-data/";
        assertThatThrownBy(() -> template.requestBodyAndHeader(fixedEndpoint, null, Exchange.HTTP_URI, forbidden,
                String.class))
                .satisfies(t -> assertThat(SsrfHttpClientTest.ssrfCause(t)).hasMessageContaining("cloud-metadata"));
        assertThat(server.hits("/x")).isZero();
    }

    @Test
    void camelHttpDoesNotFollowRedirectsByDefault() throws Exception {
        ProducerTemplate template = camelWith(new SsrfGuard(List.of("127.0.0.0/8"), dns));
        String toPrivate = LoopbackServer.redirectPath("http://10.0.0.1/");
        // camel-http default is followRedirects=false: the 302 is returned as is, no second hop is made
        Object result = template.requestBody(endpoint("127.0.0.1", toPrivate + "&throwExceptionOnFailure=false"),
                null, String.class);
        assertThat(result).isNotNull();
        assertThat(server.hits("/redirect")).isEqualTo(1);
    }
}
