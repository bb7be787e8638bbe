package io.webops.nodes;

import io.webops.security.SsrfException;
import java.util.Locale;

/**
 * Why an HTTP call got no answer, as a node failure: refused by the SSRF guard, {@link HttpCaller#TIMEOUT}, {@link
 * HttpCaller#UNREACHABLE}, or another transport error. Shared by the node types that send through camel-http, from a
 * processor or from their route.
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * The failure of a call that got no answer; {@code what} says which call (the node and the URL, without secrets;
     * null: the message starts with the reason), {@code timeoutMillis} the timeout it had.
     */
    public static NodeFailure unanswered(String what, long timeoutMillis, Throwable t) {
        String prefix = what == null ? "" : what + " ";
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SsrfException s) {
                return new NodeFailure("SsrfRefused", s.getMessage(), false);
            }
        }
        boolean transientFailure = true;
        if (timedOut(t)) {
            return new NodeFailure(HttpCaller.TIMEOUT, prefix + "got no answer within " + timeoutMillis + " ms (timeout): "
                    + rootMessage(t), transientFailure, t);
        }
        String unreachable = unreachable(t);
        if (unreachable != null) {
            return new NodeFailure(HttpCaller.UNREACHABLE, prefix + "could not be reached (" + unreachable + "): " + rootMessage(t),
                    transientFailure, t);
        }
        return new NodeFailure("HttpError", (what == null ? "HTTP call" : what) + " failed: " + rootMessage(t), t instanceof java.io.IOException, t);
    }

    /** The server took longer than the timeout to accept the connection or to answer. */
    public static boolean timedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException || c instanceof java.net.http.HttpTimeoutException
                    || c instanceof java.util.concurrent.TimeoutException
                    || c instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Why no answer could come at all (refused, no route, unknown host, closed without answering), or null. */
    public static String unreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (c instanceof java.net.NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (c instanceof org.apache.hc.core5.http.NoHttpResponseException) {
                return "closed the connection without answering";
            }
            if (c instanceof java.net.SocketException && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return "connection reset";
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
