package io.webops.triggers;

import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import io.webops.model.ValidationError;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.AsyncCallback;
import org.slf4j.LoggerFactory;

/**
 * One kind of trigger, declared in one place like a node type: the checks on its fields, the Camel endpoint its
 * trigger route starts from, how a firing of that route starts an execution, and what it holds against other
 * workflows (a webhook path, a followed workflow).
 * Validation, the translator, the engine and the API look the kind up in {@link TriggerKinds} instead of testing
 * the trigger's type.
 */
public interface TriggerKind {

    TriggerType type();

    /** Checks on the trigger's fields, reported with the field they concern ({@code trigger.cron}). */
    default void check(Trigger trigger, Consumer<ValidationError> problems) {
    }

    /**
     * The {@code from} of the workflow's trigger route in Camel YAML DSL, without its steps; null when nothing but a
     * person or another workflow starts the workflow, so it has no trigger route.
     */
    Map<String, Object> from(String workflowId, Trigger trigger);

    /**
     * Turns one firing of the trigger route into an execution, in Camel's asynchronous style: true when the firing is
     * done on return (the callback called), false when the callback is called later.
     */
    boolean start(TriggerCall call, AsyncCallback callback);

    /**
     * A firing that came as the instance began to stop, when no execution starts here. By default it is logged and
     * dropped; a webhook answers 503, and a schedule or an event leaves its execution for whoever resumes this
     * instance's executions ({@link TriggerCall#leaveForResume}), so that no tick is lost.
     */
    default void stopping(TriggerCall call, long retryAfterSeconds) {
        LoggerFactory.getLogger(TriggerKind.class).info("Workflow {}: a {} firing started nothing, this instance is stopping",
                call.workflowId(), type().id());
    }

    /** The path under {@code /webhooks/} the trigger listens on, which no other workflow may take; null if none. */
    default String webhookPath(String workflowId, Trigger trigger) {
        return null;
    }

    /** The id of the workflow whose end starts this one; null if none. */
    default String followedWorkflow(Trigger trigger) {
        return null;
    }
}
