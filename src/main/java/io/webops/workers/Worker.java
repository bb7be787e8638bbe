package io.webops.workers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the runtime's background loops (the execution watchdog, the history writer, ...). A failure of one turn
 * costs that turn only: whatever it throws, an {@link OutOfMemoryError} landing on it included, is logged in one line
 * and counted, and the loop goes on (a {@link java.util.concurrent.ScheduledExecutorService} would otherwise cancel
 * the task without a word). Health asks {@link #status} whether it still runs: its thread or schedule is there and,
 * for a loop that turns on its own, it turned recently.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** What health reports of one worker. */
    public record Status(String name, boolean up, String problem, long failures) {
    }

    private final String name;
    private final long stalledAfterNanos;
    private final LongAdder failures = new LongAdder();
    private volatile long lastTurn = System.nanoTime();
    private volatile BooleanSupplier running = () -> true;
    private volatile String notRunning = "it was stopped";

    /**
     * @param stalledAfter how long the loop may go without a turn before health reports it down; {@code null} for
     *                     a worker that only turns when it is given work
     */
    public Worker(String name, Duration stalledAfter) {
        this.name = name;
        this.stalledAfterNanos = stalledAfter == null ? 0 : stalledAfter.toNanos();
    }

    public String name() {
        return name;
    }

    /** How health tells that the worker still runs ({@code thread::isAlive}, a schedule not done...), and what to say when not. */
    public Worker runsWhile(BooleanSupplier running, String otherwise) {
        this.running = running;
        this.notRunning = otherwise;
        return this;
    }

    /** The turn, made to survive anything it throws; each turn counts as one. */
    public Runnable guard(Runnable turn) {
        return () -> {
            try {
                turn.run();
            } catch (Throwable t) {
                failed(t);
            } finally {
                lastTurn = System.nanoTime();
            }
        };
    }

    /** For a loop that guards its own turns: one turn is done. */
    public void turned() {
        lastTurn = System.nanoTime();
    }

    /** For a loop that guards its own turns: one turn failed and the loop goes on. */
    public void failed(Throwable t) {
        failures.increment();
        StackTraceElement[] at = t.getStackTrace();
        LOG.error("Background worker {} survived {}: {}{} (failures so far: {})", name, t.getClass().getName(),
                t.getMessage(), at.length == 0 ? "" : " at " + at[0], failures.sum());
    }

    public long failures() {
        return failures.sum();
    }

    public Status status() {
        if (!running.getAsBoolean()) {
            return new Status(name, false, notRunning, failures.sum());
        }
        long idle = System.nanoTime() - lastTurn;
        if (stalledAfterNanos > 0 && idle > stalledAfterNanos) {
            return new Status(name, false, "no turn for " + TimeUnit.NANOSECONDS.toSeconds(idle) + " s", failures.sum());
        }
        return new Status(name, true, null, failures.sum());
    }
}
