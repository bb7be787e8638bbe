package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the work of one node on this thread may do: build JSON values of at most {@link #maxBytes} each (and
 * {@value #BUILD_FACTOR} times that in all), and run until the node's deadline or until its execution ends. The
 * runtime opens one around a node's work; the transforms check it where they build values and where they loop (JSLT's
 * containers, operators and regular expressions), so a runaway query is stopped where it runs instead of keeping a
 * thread busy and filling the heap.
 */
public final class WorkLimits {

    /** All the values one piece of work builds, intermediate ones included, may be this many times {@link #maxBytes}. */
    public static final int BUILD_FACTOR = 4;
    private static final ThreadLocal<WorkLimits> CURRENT = new ThreadLocal<>();
    /** How many {@link #tick}s go by between two looks at the clock. */
    private static final int TICKS_PER_CHECK = 1024;

    /** The work went past one of its limits; the runtime turns it into the node's failure. */
    public static final class Exceeded extends RuntimeException {

        /** Which limit: one value's size, the size of all values built, the time. */
        public enum Limit { VALUE, TOTAL, TIME }

        private final Limit limit;

        Exceeded(Limit limit) {
            super("work limit exceeded: " + limit, null, false, false);
            this.limit = limit;
        }

        public Limit limit() {
            return limit;
        }
    }

    /** Work that may throw, as node executors do. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private final long maxBytes;
    private final long deadlineNanos;
    private final BooleanSupplier cancelled;
    private long built;
    private int ticks;
    private Map<JsonNode, Long> measured;

    /**
     * @param deadlineNanos the {@link System#nanoTime()} after which the work is stopped
     * @param cancelled     true once the work is no longer wanted (its execution ended)
     */
    public WorkLimits(long maxBytes, long deadlineNanos, BooleanSupplier cancelled) {
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
        this.cancelled = cancelled;
    }

    /** Runs the work under these limits on this thread (nested work keeps the innermost). */
    public <T> T apply(Work<T> work) throws Exception {
        WorkLimits outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The limits of the work on this thread, or null outside any (compiling, tests of a transform alone). */
    public static WorkLimits current() {
        return CURRENT.get();
    }

    /** The largest JSON value, in bytes, the work may build. */
    public long maxBytes() {
        return maxBytes;
    }

    /** One step of work: now and then, stops it once past its deadline or no longer wanted. */
    public void tick() {
        if (++ticks >= TICKS_PER_CHECK) {
            ticks = 0;
            checkTime();
        }
    }

    /** Stops the work if it is past its deadline or no longer wanted. */
    public void checkTime() {
        if (System.nanoTime() - deadlineNanos > 0 || cancelled.getAsBoolean()) {
            throw new Exceeded(Exceeded.Limit.TIME);
        }
    }

    /** Sizes of values the work did not build (its input), measured once while it runs. */
    Map<JsonNode, Long> measured() {
        if (measured == null) {
            measured = new IdentityHashMap<>();
        }
        return measured;
    }

    /** A value of {@code bytes} of JSON is being built: refused when it is larger than {@link #maxBytes}. */
    public void holds(long bytes) {
        if (bytes > maxBytes) {
            throw new Exceeded(Exceeded.Limit.VALUE);
        }
    }

    /** {@code bytes} more of JSON were built: refused once all it built is {@value #BUILD_FACTOR} times the limit. */
    public void built(long bytes) {
        built += bytes;
        if (built > maxBytes * BUILD_FACTOR) {
            throw new Exceeded(Exceeded.Limit.TOTAL);
        }
        tick();
    }
}
