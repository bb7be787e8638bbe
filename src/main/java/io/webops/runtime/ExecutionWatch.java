package io.webops.runtime;

import io.webops.history.ExecutionRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Lets a watcher follow one execution as it runs (the canvas's live view): told the execution as it
 * stands each time a node finishes or is skipped, and once more when it ends. The record is built
 * only when someone watches, so executions nobody looks at pay nothing.
 */
public final class ExecutionWatch {

    private final Map<String, Set<Consumer<ExecutionRecord>>> watchers = new ConcurrentHashMap<>();
    /** What watchers are shown of a record: large values as the history stores them. */
    private final UnaryOperator<ExecutionRecord> shown;

    ExecutionWatch(UnaryOperator<ExecutionRecord> shown) {
        this.shown = shown;
    }

    /** Starts watching; closing the handle stops. Watchers must not block: they run on the engine's threads. */
    public AutoCloseable watch(String executionId, Consumer<ExecutionRecord> watcher) {
        watchers.computeIfAbsent(executionId, k -> new CopyOnWriteArraySet<>()).add(watcher);
        return () -> watchers.computeIfPresent(executionId, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    void changed(String executionId, Supplier<ExecutionRecord> current) {
        Set<Consumer<ExecutionRecord>> set = watchers.get(executionId);
        if (set == null || set.isEmpty()) {
            return;
        }
        ExecutionRecord record = shown.apply(current.get());
        set.forEach(w -> w.accept(record));
    }
}
