package io.webops.runtime;

import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Outbound HTTP for node types through the {@code webops-http-action} Kamelet (camel-http). The
 * user's URL travels in the {@code CamelHttpUri} header to a fixed endpoint (never into an endpoint
 * URI, where its query could set endpoint options); the endpoint's client resolves every host,
 * redirects included, through the SSRF guard. One Kamelet route per timeout value.
 */
final class CamelHttpCaller implements HttpCaller {

    static final String CONFIGURER = io.webops.nodes.Beans.HTTP_CLIENT;
    static final String KAMELET = "webops-http-action";

    private final CamelContext camel;
    private final SsrfGuard guard;
    private final ProducerTemplate producer;
    private final Map<Long, Endpoint> endpointsByTimeout = new ConcurrentHashMap<>();

    CamelHttpCaller(CamelContext camel, SsrfGuard guard) {
        this.camel = camel;
        this.guard = guard;
        org.apache.camel.component.http.HttpClientConfigurer guarded = guard.httpClientConfigurer();
        // retries are the node's to decide (§4), not the HTTP client's own 429/503 retry
        camel.getRegistry().bind(CONFIGURER, (org.apache.camel.component.http.HttpClientConfigurer) builder -> {
            guarded.configureHttpClient(builder);
            builder.disableAutomaticRetries();
        });
        this.producer = camel.createProducerTemplate();
    }

    @Override
    public Response call(Request request) {
        try {
            guard.checkUrl(request.url());
        } catch (SsrfException e) {
            throw new NodeFailure("SsrfRefused", e.getMessage(), false);
        }
        Endpoint endpoint = endpointsByTimeout.computeIfAbsent(request.timeoutMillis(), this::endpoint);
        long start = System.nanoTime();
        Exchange result = producer.request(endpoint, ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_URI, request.url());
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
            request.headers().forEach((k, v) -> ex.getMessage().setHeader(k, v));
            ex.getMessage().setBody(request.body());
        });
        long duration = (System.nanoTime() - start) / 1_000_000;
        if (result.getException() != null) {
            throw io.webops.nodes.HttpFailures.unanswered(null, request.timeoutMillis(), result.getException());
        }
        return Response.of(result.getMessage(), duration);
    }

    private Endpoint endpoint(long timeoutMillis) {
        return camel.getEndpoint("kamelet:" + KAMELET + "?noErrorHandler=true&clientConfigurer=" + CONFIGURER + "&timeoutMillis=" + timeoutMillis);
    }
}
