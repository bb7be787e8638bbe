package io.webops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import io.webops.json.Json;

/**
 * Runs user JavaScript on GraalJS with nothing of the host reachable: no Java classes or objects, no files or
 * network, no threads, processes, native code, environment or other languages. Every run gets a fresh context (state
 * and prototype changes die with it) on one shared engine (parsed code is reused).
 *
 * <p>Limits: the community edition on a stock JDK cannot enforce {@code sandbox.MaxCPUTime} or
 * {@code sandbox.MaxHeapMemory} (those are Oracle GraalVM's), so a watchdog polls the running thread every few
 * milliseconds and cancels the context ({@code close(true)}) when its CPU time passes the time limit or the bytes
 * it has allocated since the run started pass the memory limit. Allocation is a stricter measure than live heap:
 * a script that churns through garbage is stopped too, which is the safe side for a shared runtime.
 *
 * <p>A cancel is delivered once, and a script that recurses into a stack overflow inside {@code catch} swallows
 * it (the overflow replaces the cancel while the stack unwinds). So scripts run on their own threads, and one that
 * is still running {@value #GRACE_MS} ms after its cancel is stopped with {@link Thread#stop()} (still there on
 * Java 17), repeatedly until it leaves; the shared engine is then replaced, so nothing the stopped thread may have
 * left half-done is used again. A statement limit ({@link ResourceLimits}, {@value #STATEMENTS_PER_MS} per ms of
 * the time limit) is a second, deterministic stop for tight loops.
 */
public final class JavaScriptSandbox {

    /** The code of one node, parsed once, with its limits. */
    public record Script(Source source, long timeoutMs, long memoryBytes, ResourceLimits limits) {
    }

    /** What a run produced: the returned value as JSON and the console lines. */
    public record Outcome(JsonNode output, List<String> console) {
    }

    /** A run that was stopped or failed; the message says which limit or what the script threw. */
    public static final class ScriptException extends RuntimeException {
        ScriptException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_CONSOLE_LINES = 1000;
    private static final int MAX_CONSOLE_CHARS = 2000;
    private static final long POLL_MS = 2;
    static final long STATEMENTS_PER_MS = 20_000;
    static final long GRACE_MS = 500;
    private static final String PRELUDE = """
            (function (max, maxChars) {
              const lines = [];
              const text = v => typeof v === 'string' ? v : (v === undefined ? 'undefined' : JSON.stringify(v));
              const log = (...args) => { if (lines.length < max) lines.push(args.map(text).join(' ').slice(0, maxChars)); };
              globalThis.console = Object.freeze({log, info: log, warn: log, error: log, debug: log});
              return () => JSON.stringify(lines);
            })""";

    private static volatile Engine engine = newEngine();
    private static final java.util.concurrent.ExecutorService RUNNERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webops-js-run");
        t.setDaemon(true);
        return t;
    });
    private static final Source PRELUDE_SOURCE = Source.create("js", PRELUDE);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webops-js-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** The watchdog's checks, for health: one failing must not cancel the watch over its script. */
    public static final io.webops.workers.Worker WATCHDOG_WORKER = new io.webops.workers.Worker("webops-js-watchdog", null)
            .runsWhile(() -> !WATCHDOG.isShutdown(), "it was shut down");

    private static final java.util.concurrent.ExecutorService CLOSER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webops-js-closer");
        t.setDaemon(true);
        return t;
    });

    static {
        if (THREADS.isThreadAllocatedMemorySupported()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        if (THREADS.isThreadCpuTimeSupported()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    private JavaScriptSandbox() {
    }

    /**
     * Compiles the node's code as the body of {@code function (input) { ... }}; a syntax error is a
     * {@link ScriptException} naming the line.
     */
    public static Script compile(String code, long timeoutMs, long memoryBytes) {
        Source source = Source.newBuilder("js", "(function (input) {\n" + code + "\n})", "custom_code.js").buildLiteral();
        ResourceLimits limits = ResourceLimits.newBuilder().statementLimit(timeoutMs * STATEMENTS_PER_MS, null).build();
        try (Context context = newContext(limits)) {
            context.parse(source);
        } catch (PolyglotException e) {
            throw new ScriptException("does not compile: " + e.getMessage());
        }
        return new Script(source, timeoutMs, memoryBytes, limits);
    }

    /** Runs the script on the input; the result is its return value as JSON ({@code undefined} becomes null). */
    public static Outcome run(Script script, JsonNode input) {
        AtomicReference<String> stopped = new AtomicReference<>();
        java.util.concurrent.Future<Outcome> running = RUNNERS.submit(() -> runOnThisThread(script, input, stopped));
        try {
            return running.get();
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScriptException("was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ScriptException se) {
                throw se;
            }
            throw new ScriptException(stopped.get() != null ? stopped.get() : "failed: " + e.getCause());
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static Outcome runOnThisThread(Script script, JsonNode input, AtomicReference<String> stopped) {
        Context context = newContext(script.limits());
        Thread thread = Thread.currentThread();
        long tid = thread.getId();
        long cpuStart = THREADS.getThreadCpuTime(tid);
        long allocatedStart = THREADS.getThreadAllocatedBytes(tid);
        long wallStart = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong stoppedAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean engineDropped = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.scheduleAtFixedRate(WATCHDOG_WORKER.guard(() -> {
            if (stopped.get() != null) {
                if (!finished.get() && System.nanoTime() - stoppedAt.get() > TimeUnit.MILLISECONDS.toNanos(GRACE_MS)) {
                    // the cancel was swallowed: stop the thread, and never reuse the engine it ran on
                    if (engineDropped.compareAndSet(false, true)) {
                        replaceEngine();
                    }
                    thread.stop();
                }
                return;
            }
            String why = null;
            if (THREADS.getThreadCpuTime(tid) - cpuStart > TimeUnit.MILLISECONDS.toNanos(script.timeoutMs())
                    || System.nanoTime() - wallStart > TimeUnit.MILLISECONDS.toNanos(script.timeoutMs() * 4)) {
                why = "ran longer than timeout_ms " + script.timeoutMs() + " and was stopped";
            } else if (THREADS.getThreadAllocatedBytes(tid) - allocatedStart > script.memoryBytes()) {
                why = "allocated more than memory_mb " + script.memoryBytes() / (1024 * 1024) + " and was stopped";
            }
            if (why != null && stopped.compareAndSet(null, why)) {
                stoppedAt.set(System.nanoTime());
                // close(true) waits for the script's thread to leave: never on the watchdog's own thread
                CLOSER.execute(() -> context.close(true));
            }
        }), POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        try {
            Value consoleLines = context.eval(PRELUDE_SOURCE).execute(MAX_CONSOLE_LINES, MAX_CONSOLE_CHARS);
            Value json = context.eval("js", "JSON");
            Value function = context.eval(script.source());
            Value result = function.execute(json.invokeMember("parse", Json.write(input)));
            Value text = json.invokeMember("stringify", result);
            JsonNode output = text.isNull() ? Json.NODES.nullNode() : Json.parse(text.asString());
            List<String> console = new ArrayList<>();
            Json.parse(consoleLines.execute().asString()).forEach(l -> console.add(l.asText()));
            return new Outcome(output, console);
        } catch (PolyglotException e) {
            if (stopped.get() != null) {
                throw new ScriptException(stopped.get());
            }
            if (e.isCancelled()) {
                // cancelled by the statement limit: the same time limit, counted in statements
                throw new ScriptException("ran longer than timeout_ms " + script.timeoutMs() + " and was stopped");
            }
            if (e.isResourceExhausted()) {
                throw new ScriptException("ran out of resources: " + e.getMessage());
            }
            if (e.isInternalError()) {
                // seen when a cancel reaches a script deep in a stack overflow: the engine's own bookkeeping breaks
                // mid-way, so the engine is not used again
                replaceEngine();
                throw new ScriptException("broke the JavaScript engine (" + e.getMessage() + ") and was stopped");
            }
            throw new ScriptException("threw " + e.getMessage() + location(e));
        } catch (IllegalStateException e) {
            // the watchdog closed the context between two calls into it
            throw new ScriptException(stopped.get() != null ? stopped.get() : "was stopped: " + e.getMessage());
        } finally {
            finished.set(true);
            watch.cancel(false);
            if (stopped.get() == null) {
                context.close(true);
            }
        }
    }

    /** The line of the node's code the error came from (line 1 of the source is the wrapper). */
    private static String location(PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            var at = frame.getSourceLocation();
            if (frame.isGuestFrame() && at != null && "custom_code.js".equals(at.getSource().getName())) {
                return " (line " + (at.getStartLine() - 1) + ")";
            }
        }
        return "";
    }

    private static Engine newEngine() {
        return Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
    }

    private static synchronized void replaceEngine() {
        Engine old = engine;
        if (old != null) {
            engine = newEngine();
            CLOSER.execute(() -> old.close(true));
        }
    }

    private static Context newContext(ResourceLimits limits) {
        return Context.newBuilder("js")
                .resourceLimits(limits)
                .engine(engine)
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(name -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowValueSharing(false)
                .allowInnerContextOptions(false)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .build();
    }
}
