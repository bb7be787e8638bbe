package io.webops.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.webops.nodes.HttpCaller;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's HTTP client seam filled with the runtime's {@link HttpCaller}: every request to a
 * model server, whatever base URL a user set, goes through camel-http and the SSRF guard on the
 * address actually connected to (redirects included), like any other node's HTTP. A non-2xx answer
 * becomes an {@link HttpException} that keeps the server's {@code Retry-After}.
 */
final class GuardedHttpClient implements HttpClient {

    /** An error answer of the model server; {@code retryAfterMillis} is -1 when it gave none. */
    static final class Failure extends HttpException {
        private final long retryAfterMillis;

        Failure(int status, String body, long retryAfterMillis) {
            super(status, body);
            this.retryAfterMillis = retryAfterMillis;
        }

        long retryAfterMillis() {
            return retryAfterMillis;
        }
    }

    private final HttpCaller http;
    private final long timeoutMillis;

    private GuardedHttpClient(HttpCaller http, long timeoutMillis) {
        this.http = http;
        this.timeoutMillis = timeoutMillis;
    }

    static Builder builder(HttpCaller http) {
        return new Builder(http);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
        HttpCaller.Response response = http.call(new HttpCaller.Request(request.url(), request.method().name(), headers, body, timeoutMillis));
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.status() < 200 || response.status() >= 300) {
            throw new Failure(response.status(), text, io.webops.nodes.RetryAfterFailure.millis(response.headers()));
        }
        Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
        response.headers().forEach((k, v) -> answerHeaders.put(k, List.of(v)));
        return SuccessfulHttpResponse.builder().statusCode(response.status()).headers(answerHeaders).body(text).build();
    }

    /** Streaming is not used by the nodes; a streamed answer is read whole and then parsed. */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        try {
            SuccessfulHttpResponse response = execute(request);
            listener.onOpen(response);
            parser.parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)), listener);
            listener.onClose();
        } catch (RuntimeException e) {
            listener.onError(e);
        }
    }

    static final class Builder implements HttpClientBuilder {
        private final HttpCaller http;
        private Duration connectTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder(HttpCaller http) {
            this.http = http;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            if (timeout != null) {
                connectTimeout = timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            if (timeout != null) {
                readTimeout = timeout;
            }
            return this;
        }

        @Override
        public HttpClient build() {
            return new GuardedHttpClient(http, Math.max(connectTimeout.toMillis(), readTimeout.toMillis()));
        }
    }
}
