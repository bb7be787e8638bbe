package io.webops.nodes;

/**
 * Names of the runtime's shared beans that generated routes refer to. The runtime binds them;
 * the translator and the node types' Camel steps only name them, which is why the names live here, next to
 * {@link CamelStep}.
 */
public final class Beans {

    /** Predicate: the failure on the exchange is transient and the node asked for retries. */
    public static final String RETRYABLE = "webopsRetryable";
    /** Processor: records a node failure and routes it to the node's error handle, or fails the execution. */
    public static final String NODE_FAILED = "webopsNodeFailed";
    /** Processor: completes a node whose work ran in an earlier step (delay). */
    public static final String COMPLETE = "webopsComplete";
    /** Expression: the item scopes of the split on the exchange. */
    public static final String ITEMS = "webopsItems";
    /** Expression: how many times the loop on the exchange runs. */
    public static final String LOOP_COUNT = "webopsLoopCount";
    /** Processor: enters one item of a split (body) or loop (loop index). */
    public static final String ENTER_ITEM = "webopsEnterItem";
    /** Expression: the delay in milliseconds computed by the delay node on the exchange. */
    public static final String DELAY_MILLIS = "webopsDelayMillis";
    /** Predicate: the node on the exchange prepared a message to send ({@link Send}; a cancelled or failed run sends nothing). */
    public static final String HAS_SEND = "webopsHasSend";
    /** Processor: puts the message the node prepared ({@link Send}) on the cleared message, for its endpoint. */
    public static final String SEND = "webopsSend";
    /** The HTTP client configurer that resolves every host through the SSRF guard (no client retries). */
    public static final String HTTP_CLIENT = "webopsHttpClientConfigurer";
    /** Predicate: the execution has failed. */
    public static final String FAILED = "webopsFailed";
    /** Processor: hands the failure to the workflow's catch-all error handlers. */
    public static final String CATCH_ALL = "webopsCatchAll";
    /** Processor: ends the execution and writes its record. */
    public static final String FINISH = "webopsFinish";
    /** Processor: starts an execution from a trigger (webhook, schedule, event). */
    public static final String TRIGGER_SUFFIX = ".trigger";
    /** Id of the route a trigger Kamelet runs (a source node's {@code kamelet:<name>/<workflow id>.trigger.source}). */
    public static final String TRIGGER_SOURCE_ROUTE = ".trigger.source";
    /**
     * Aggregation of every dispatch: the caller's exchange goes on unchanged, since nodes share
     * their data through the execution's scope, not through the exchange.
     */
    public static final String KEEP_ORIGINAL = "webopsKeepOriginal";
    /** The runtime's repository of node beans, which {@link NodeBean#of} looks them up in. */
    public static final String NODES = "webopsNodes";

    private Beans() {
    }
}
