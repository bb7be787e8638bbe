package io.webops.triggers;

import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import io.webops.model.ValidationError;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.AsyncCallback;

/** Started when another workflow's execution ends (succeeded, failed or either). */
final class EventTrigger implements TriggerKind {

    @Override
    public TriggerType type() {
        return TriggerType.EVENT;
    }

    @Override
    public void check(Trigger t, Consumer<ValidationError> problems) {
        if (!List.of("workflow.succeeded", "workflow.failed", "workflow.finished").contains(String.valueOf(t.on()))) {
            problems.accept(ValidationError.ofDocument("trigger.on",
                    "trigger.on must be workflow.succeeded, workflow.failed or workflow.finished"));
        }
        if (t.workflow() == null || t.workflow().isBlank()) {
            problems.accept(ValidationError.ofDocument("trigger.workflow", "trigger.workflow (the id of the workflow to follow) is required"));
        }
    }

    @Override
    public Map<String, Object> from(String workflowId, Trigger trigger) {
        return map(
                "#", trigger.on() + " of workflow " + trigger.workflow(),
                "uri", "direct:" + workflowId + ".event");
    }

    /** The body is the summary of the followed execution; it is both the input and the trigger data. */
    @Override
    public boolean start(TriggerCall call, AsyncCallback callback) {
        JsonNode summary = call.exchange().getMessage().getBody(JsonNode.class);
        call.start(summary, summary).whenComplete((r, e) -> callback.done(false));
        return false;
    }

    @Override
    public void stopping(TriggerCall call, long retryAfterSeconds) {
        JsonNode summary = call.exchange().getMessage().getBody(JsonNode.class);
        call.leaveForResume(summary, summary);
    }

    @Override
    public String followedWorkflow(Trigger trigger) {
        return trigger.workflow();
    }
}
