package io.webops.runtime;

/** Exchange property names the generated routes and the runtime's processors share. */
final class Exchanges {

    static final String SCOPE = "webopsScope";
    static final String NODE = "webopsNode";
    static final String NEXT = "webopsNext";
    static final String HANDLE = "webopsHandle";
    static final String SENT_AT = "webopsSentAt";
    /** The failure last counted as a failed attempt of the node on the exchange. */
    static final String COUNTED_FAILURE = "webopsCountedFailure";

    private Exchanges() {
    }
}
