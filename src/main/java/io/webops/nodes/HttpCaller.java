package io.webops.nodes;

import java.util.Map;

/**
 * Outbound HTTP for node types. The runtime implements it with camel-http on a client whose
 * every connection, redirects included, passes the SSRF guard.
 */
public interface HttpCaller {

    /** The {@link NodeFailure#kind()} of a call the server did not answer within its timeout. */
    String TIMEOUT = "Timeout";
    /** The {@link NodeFailure#kind()} of a call that found no server to answer (refused, unknown host, no route). */
    String UNREACHABLE = "Unreachable";

    record Request(String url, String method, Map<String, String> headers, byte[] body, long timeoutMillis) implements Send {

        /** The request for camel-http: URL in {@code CamelHttpUri}, method, headers, body. */
        @Override
        public void onto(org.apache.camel.Message m) {
            m.setHeader(org.apache.camel.Exchange.HTTP_URI, url);
            m.setHeader(org.apache.camel.Exchange.HTTP_METHOD, method);
            headers.forEach(m::setHeader);
            m.setBody(body);
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body, long durationMillis) {

        /**
         * The answer camel-http left on a message: its status, the headers a node uses (Content-Type, and a 429/503's
         * Retry-After, which the retries honour) and the body as bytes.
         */
        /**
         * The answer camel-http turned into its exception (a status of 400 or more with {@code failOnStatus}): its
         * status, the server's Retry-After and the body as bytes (empty when there was none).
         */
        public static Response of(org.apache.camel.http.base.HttpOperationFailedException failed) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            if (failed.getResponseHeaders() != null) {
                failed.getResponseHeaders().forEach((name, value) -> {
                    if ("Retry-After".equalsIgnoreCase(name)) {
                        headers.put("Retry-After", value);
                    }
                });
            }
            String body = failed.getResponseBody();
            return new Response(failed.getStatusCode(), headers,
                    body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
        }

        public static Response of(org.apache.camel.Message answer, long durationMillis) {
            Integer status = answer.getHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, Integer.class);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            String contentType = answer.getHeader(org.apache.camel.Exchange.CONTENT_TYPE, String.class);
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            String retryAfter = answer.getHeader("Retry-After", String.class);
            if (retryAfter != null) {
                headers.put("Retry-After", retryAfter);
            }
            byte[] body = answer.getBody(byte[].class);
            if (body == null) {
                java.io.InputStream in = answer.getBody(java.io.InputStream.class);
                body = in == null ? null : answer.getExchange().getContext().getTypeConverter().convertTo(byte[].class, in);
            }
            return new Response(status == null ? 0 : status, headers, body == null ? new byte[0] : body, durationMillis);
        }
    }

    /**
     * Throws {@link NodeFailure} for refused URLs and for network failures (transient): {@link #TIMEOUT} and
     * {@link #UNREACHABLE} say why no answer came; any HTTP status is answered, never thrown.
     */
    Response call(Request request);
}
