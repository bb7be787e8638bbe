package io.webops.nodes;

import java.util.Map;

/**
 * Outbound HTTP for node types. The runtime implements it with camel-http on a client whose
 * every connection, redirects included, passes the SSRF guard.
 */
public interface HttpCaller {

    record Request(String url, String method, Map<String, String> headers, byte[] body, long timeoutMillis) {
    }

    record Response(int status, Map<String, String> headers, byte[] body, long durationMillis) {
    }

    /** Throws {@link NodeFailure} for refused URLs and for network failures (transient). */
    Response call(Request request);
}
