package io.webops.nodes.google;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google's HTTP client on the runtime's {@link HttpCaller}: every request of the Sheets client goes out through
 * camel-http on the client whose every connection, redirects included, passes the SSRF guard, like any other node's
 * HTTP. It asks for no compressed answers (the caller hands over the body as it came) and never retries: a failed
 * request is the node's to retry, by Camel's redelivery.
 */
final class CallerTransport extends HttpTransport {

    /** A request that got no answer (refused by the SSRF guard, timed out, unreachable): the caller's failure. */
    static final class Unanswered extends IOException {
        private final transient NodeFailure failure;

        Unanswered(NodeFailure failure) {
            super(failure.getMessage(), null);
            this.failure = failure;
        }

        NodeFailure failure() {
            return failure;
        }
    }

    private final HttpCaller http;

    CallerTransport(HttpCaller http) {
        this.http = http;
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Request(http, method, url);
    }

    private static final class Request extends LowLevelHttpRequest {
        private final HttpCaller http;
        private final String method;
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private long timeoutMillis = 60_000;

        Request(HttpCaller http, String method, String url) {
            this.http = http;
            this.method = method;
            this.url = url;
        }

        @Override
        public void addHeader(String name, String value) {
            if (!name.equalsIgnoreCase("Accept-Encoding")) {
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }

        @Override
        public void setTimeout(int connectTimeout, int readTimeout) {
            timeoutMillis = Math.max(connectTimeout, readTimeout);
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            byte[] body = null;
            if (getStreamingContent() != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                getStreamingContent().writeTo(out);
                body = out.toByteArray();
                if (getContentType() != null) {
                    headers.put("Content-Type", getContentType());
                }
                if (getContentEncoding() != null) {
                    headers.put("Content-Encoding", getContentEncoding());
                }
            }
            try {
                return new Response(http.call(new HttpCaller.Request(url, method, headers, body, timeoutMillis)));
            } catch (NodeFailure f) {
                throw new Unanswered(f);
            }
        }
    }

    private static final class Response extends LowLevelHttpResponse {
        private final HttpCaller.Response response;
        private final List<String> names;

        Response(HttpCaller.Response response) {
            this.response = response;
            this.names = new ArrayList<>(response.headers().keySet());
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(response.body());
        }

        @Override
        public String getContentEncoding() {
            return null;
        }

        @Override
        public long getContentLength() {
            return response.body().length;
        }

        @Override
        public String getContentType() {
            return response.headers().get("Content-Type");
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + response.status();
        }

        @Override
        public int getStatusCode() {
            return response.status();
        }

        @Override
        public String getReasonPhrase() {
            return null;
        }

        @Override
        public int getHeaderCount() {
            return names.size();
        }

        @Override
        public String getHeaderName(int index) {
            return names.get(index);
        }

        @Override
        public String getHeaderValue(int index) {
            return response.headers().get(names.get(index));
        }
    }
}
