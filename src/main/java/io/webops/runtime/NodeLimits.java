package io.webops.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import io.webops.nodes.NodeFailure;
import io.webops.transform.WorkLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * What one node may do while it works (its executor, then the transforms of its connections): produce JSON of at most
 * the output limit ({@code webops.node.max.output.bytes}), nested at most {@link Json#MAX_DEPTH} levels, and run until
 * its timeout. A larger or deeper output fails the node before anything downstream, the history or an answer holds
 * it; transforms stop themselves at the same limits while they run ({@link WorkLimits}).
 */
final class NodeLimits {

    static final String OUTPUT_SETTING = "WEBOPS_NODE_MAX_OUTPUT_BYTES";
    /** Counts what a value serialises to, held to the nesting the runtime accepts. */
    private static final JsonFactory MEASURE = JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Json.MAX_DEPTH).build())
            .build();

    private NodeLimits() {
    }

    /** Runs work of the node within its limits; going past one fails the node saying which. */
    static <T> T within(NodePlan node, Run run, long startedNanos, long maxOutputBytes, WorkLimits.Work<T> work)
            throws Exception {
        long deadline = startedNanos + node.node.timeoutSeconds() * 1_000_000_000L;
        WorkLimits limits = new WorkLimits(maxOutputBytes, deadline, () -> !run.mayRun(node));
        try {
            return limits.apply(work);
        } catch (WorkLimits.Exceeded e) {
            throw failure(node, run, maxOutputBytes, e);
        }
    }

    private static NodeFailure failure(NodePlan node, Run run, long maxOutputBytes, WorkLimits.Exceeded e) {
        String id = node.id();
        return switch (e.limit()) {
            case VALUE -> new NodeFailure("OutputTooLarge", "Node '" + id + "': output is larger than "
                    + size(maxOutputBytes) + " (" + OUTPUT_SETTING + "); its transform was stopped building it", false);
            case TOTAL -> new NodeFailure("OutputTooLarge", "Node '" + id + "': its transform built more than "
                    + size(maxOutputBytes * WorkLimits.BUILD_FACTOR) + " of values in all, " + WorkLimits.BUILD_FACTOR
                    + " times the output limit of " + size(maxOutputBytes) + " (" + OUTPUT_SETTING + ")", false);
            case TIME -> run.mayRun(node)
                    ? new NodeFailure("Timeout", "Node '" + id + "' ran past its timeout of " + node.node.timeoutSeconds()
                            + " s and was stopped", true)
                    : new NodeFailure("Stopped", "Node '" + id + "' was stopped: its execution ended", false);
        };
    }

    /**
     * Fails the node when {@code value} serialises to more than {@code maxBytes} or nests deeper than
     * {@link Json#MAX_DEPTH}. Measured while it is written out and never held: the count stops at the limit.
     *
     * @param what names the value in the message, e.g. {@code Node 'fetch': output} (built only on a failure)
     */
    static void check(Supplier<String> what, JsonNode value, long maxBytes) {
        if (value == null || value.isValueNode() && !value.isTextual()) {
            return;
        }
        try (JsonGenerator out = MEASURE.createGenerator(new Counter(maxBytes))) {
            Json.MAPPER.writeTree(out, value);
        } catch (Counter.Full e) {
            throw new NodeFailure("OutputTooLarge", what.get() + " is larger than " + size(maxBytes) + " (" + OUTPUT_SETTING + ")",
                    false);
        } catch (StreamConstraintsException e) {
            throw new NodeFailure("OutputTooDeep", what.get() + " is nested deeper than " + Json.MAX_DEPTH
                    + " levels, the most the runtime accepts", false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The limit as people write it: {@code 16 MB}, {@code 64 KB}, {@code 1000 bytes}. */
    static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    /** Counts bytes and refuses more than the limit. */
    private static final class Counter extends OutputStream {

        /** The limit was reached. */
        static final class Full extends IOException {
            Full() {
                super("limit reached", null);
            }
        }

        private final long limit;
        private long count;

        Counter(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(long n) throws Full {
            count += n;
            if (count > limit) {
                throw new Full();
            }
        }
    }
}
