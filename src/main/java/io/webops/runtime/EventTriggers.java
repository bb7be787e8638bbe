package io.webops.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.auth.Access;
import io.webops.history.ExecutionRecord;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.triggers.TriggerKinds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event triggers: which deployed workflows follow which, and, when an execution ends, the start of each follower whose
 * trigger waits for that outcome (sent to its trigger route on a pool thread, never the ending execution's).
 */
final class EventTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(EventTriggers.class);

    /** Followers by the id of the workflow they follow. */
    private final Map<String, List<String>> followers = new ConcurrentHashMap<>();
    private final Function<String, Deployment> deployed;
    private final Executor background;
    private final DeploymentServices services;
    private final ProducerTemplate events;

    EventTriggers(CamelContext camel, Function<String, Deployment> deployed, Executor background,
                  DeploymentServices services) {
        this.deployed = deployed;
        this.background = background;
        this.services = services;
        this.events = camel.createProducerTemplate();
    }

    /** Records whom the workflow's deployed version follows, instead of whom its previous one did. */
    void subscribe(String workflowId, Workflow workflow) {
        unsubscribe(workflowId);
        String followed = TriggerKinds.of(workflow.trigger()).followedWorkflow(workflow.trigger());
        if (followed != null) {
            followers.computeIfAbsent(followed, k -> new CopyOnWriteArrayList<>()).add(workflowId);
        }
    }

    void unsubscribe(String workflowId) {
        followers.values().forEach(l -> l.remove(workflowId));
    }

    /** Fires the event triggers that follow this workflow. */
    void publish(ExecutionRecord record) {
        List<String> subscribers = followers.get(record.workflowId());
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        String event = "success".equals(record.status()) ? "workflow.succeeded" : "workflow.failed";
        ObjectNode summary = Json.object()
                .put("event", event)
                .put("workflow_id", record.workflowId())
                .put("execution_id", record.id())
                .put("status", record.status())
                .put("error_message", record.errorMessage());
        summary.set("output", record.output());
        for (String subscriber : subscribers) {
            Deployment d = deployed.apply(subscriber);
            if (d == null) {
                continue;
            }
            String on = d.plan.workflow.trigger().on();
            if ("workflow.finished".equals(on) || event.equals(on)) {
                background.execute(() -> {
                    try {
                        // the follower's owner must still be able to read the followed workflow (a share may be revoked)
                        if (!services.mayUse(d.plan.ownerId, Access.WORKFLOW, record.workflowId())) {
                            return;
                        }
                        events.sendBody("direct:" + subscriber + ".event", summary);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("Event trigger of {} failed: {}", subscriber, e.getMessage());
                    }
                });
            }
        }
    }
}
