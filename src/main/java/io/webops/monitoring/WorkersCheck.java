package io.webops.monitoring;

import io.webops.workers.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code workers}: every background loop of the runtime (execution watchdog, history writer, deployment sync...)
 * still runs. The details hold one entry per worker: {@code {status, failures, problem?}}.
 */
public final class WorkersCheck extends AbstractHealthCheck {

    private final Supplier<List<Worker>> workers;

    public WorkersCheck(Supplier<List<Worker>> workers) {
        super("webops", "workers");
        this.workers = workers;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> down = new ArrayList<>();
        for (Worker w : workers.get()) {
            Worker.Status status = w.status();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("status", status.up() ? "UP" : "DOWN");
            report.put("failures", status.failures());
            if (!status.up()) {
                report.put("problem", status.problem());
                down.add(status.name() + " (" + status.problem() + ")");
            }
            builder.detail(status.name(), report);
        }
        if (down.isEmpty()) {
            builder.up();
        } else {
            builder.down().message("Background worker down: " + String.join(", ", down));
        }
    }
}
