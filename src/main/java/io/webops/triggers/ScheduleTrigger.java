package io.webops.triggers;

import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import io.webops.model.ValidationError;
import io.webops.schedule.Cron;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.AsyncCallback;

/** Started by Quartz on a cron expression, in the trigger's time zone. */
final class ScheduleTrigger implements TriggerKind {

    @Override
    public TriggerType type() {
        return TriggerType.SCHEDULE;
    }

    @Override
    public void check(Trigger t, Consumer<ValidationError> problems) {
        if (t.cron() == null || t.cron().isBlank()) {
            problems.accept(ValidationError.ofDocument("trigger.cron", "trigger.cron is required for a schedule trigger"));
        } else {
            try {
                Cron.toQuartz(t.cron());
            } catch (IllegalArgumentException e) {
                problems.accept(ValidationError.ofDocument("trigger.cron", "trigger.cron is not valid: " + e.getMessage()));
            }
        }
        try {
            Cron.zone(t.timezone());
        } catch (RuntimeException e) {
            problems.accept(ValidationError.ofDocument("trigger.timezone", "trigger.timezone '" + t.timezone() + "' is not a known time zone"));
        }
    }

    @Override
    public Map<String, Object> from(String workflowId, Trigger trigger) {
        return map(
                "#", "cron " + trigger.cron() + (trigger.timezone() == null ? "" : " (" + trigger.timezone() + ")"),
                "uri", "quartz:webops/" + workflowId,
                // deleteJob false: stopping the route (the instance stops) keeps the Quartz trigger in the job store,
                // so its next tick, and the ticks that fall while the instance is down, still fire; the runtime
                // removes the trigger itself when the workflow stops being scheduled
                "parameters", map("cron", Cron.toQuartz(trigger.cron()),
                        "trigger.timeZone", Cron.zone(trigger.timezone()).getId(),
                        "deleteJob", false));
    }

    @Override
    public boolean start(TriggerCall call, AsyncCallback callback) {
        ObjectNode data = firing(call);
        call.start(data, data).whenComplete((r, e) -> callback.done(false));
        return false;
    }

    @Override
    public void stopping(TriggerCall call, long retryAfterSeconds) {
        ObjectNode data = firing(call);
        call.leaveForResume(data, data);
    }

    /** When it fired, and the tick it fired for (Quartz's scheduled time: later than that when it fires late). */
    private static ObjectNode firing(TriggerCall call) {
        Date scheduled = call.exchange().getMessage().getHeader("scheduledFireTime", Date.class);
        ObjectNode data = Json.object().put("fired_at", Instant.now().toString());
        if (scheduled != null) {
            data.put("scheduled_at", scheduled.toInstant().toString());
        }
        return data.put("cron", call.trigger().cron());
    }
}
