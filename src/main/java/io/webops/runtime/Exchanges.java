package io.webops.runtime;

/** Exchange property names the generated routes and the runtime's processors share. */
final class Exchanges {

    static final String SCOPE = "webopsScope";
    static final String NODE = "webopsNode";
    static final String NEXT = "webopsNext";
    static final String HANDLE = "webopsHandle";
    static final String SENT_AT = "webopsSentAt";
    /** The input of the node on the exchange (its route puts it in the body, then replaces the body with the output). */
    static final String INPUT = "webopsInput";
    /** The result the node on the exchange completed with; absent while it works or when it did not complete. */
    static final String DONE = "webopsDone";
    /** The node that failed for good on the exchange (the body is then its error). */
    static final String FAILED = "webopsFailedNode";
    /** The node steps in progress on the exchange ({@link NodeHistory}). */
    static final String STEP = "webopsStep";

    private Exchanges() {
    }
}
