package io.webops.workers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A worker's turns on a daemon thread of their own, named after the worker: one every {@code interval}, the first
 * one interval after the start. Health sees the loop run while its schedule does.
 */
public final class TimedLoop implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private TimedLoop(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static TimedLoop start(Worker worker, Duration interval, Runnable turn) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, worker.name());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        ScheduledFuture<?> turns = timer.scheduleWithFixedDelay(worker.guard(turn), every, every, TimeUnit.MILLISECONDS);
        worker.runsWhile(() -> !turns.isDone() && !timer.isShutdown(), "its schedule has ended");
        return new TimedLoop(timer);
    }

    /** Stops the turns, interrupting one under way, and waits up to 5 s for it to end. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
