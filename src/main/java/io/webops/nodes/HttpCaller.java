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

    record Request(String url, String method, Map<String, String> headers, byte[] body, long timeoutMillis) {
    }

    record Response(int status, Map<String, String> headers, byte[] body, long durationMillis) {
    }

    /**
     * Throws {@link NodeFailure} for refused URLs and for network failures (transient): {@link #TIMEOUT} and
     * {@link #UNREACHABLE} say why no answer came; any HTTP status is answered, never thrown.
     */
    Response call(Request request);
}
