package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.model.Trigger;
import io.webops.security.RateLimiter;
import io.webops.triggers.ReplayGuard;
import io.webops.triggers.TriggerCall;
import io.webops.triggers.TriggerKinds;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The one step of a workflow's trigger route: hands the firing (a webhook request, a schedule firing, an event) to
 * the trigger's kind, which starts an execution of the workflow's current version.
 */
final class TriggerProcessor extends AsyncProcessorSupport {

    private final Engine engine;
    private final String workflowId;

    TriggerProcessor(Engine engine, String workflowId) {
        this.engine = engine;
        this.workflowId = workflowId;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Trigger trigger = null;
        try {
            // inside the try: a request racing the workflow's first deployment on this instance fails, not hangs
            trigger = engine.currentTrigger(workflowId);
            return TriggerKinds.of(trigger).start(new Call(trigger, exchange), callback);
        } catch (Engine.Stopping e) { // a firing that passed its kind's own check as the instance began to stop
            TriggerKinds.of(trigger).stopping(new Call(trigger, exchange), e.retryAfterSeconds());
            callback.done(true);
            return true;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** What the engine offers the trigger's kind for this firing. */
    private final class Call implements TriggerCall {

        private final Trigger trigger;
        private final Exchange exchange;

        Call(Trigger trigger, Exchange exchange) {
            this.trigger = trigger;
            this.exchange = exchange;
        }

        @Override
        public String workflowId() {
            return workflowId;
        }

        @Override
        public Trigger trigger() {
            return trigger;
        }

        @Override
        public Exchange exchange() {
            return exchange;
        }

        @Override
        public CompletableFuture<Ended> start(JsonNode input, JsonNode triggerData) {
            Engine.Started started = engine.start(workflowId, input, trigger.type().id(), triggerData);
            return started.done().thenApply(record -> {
                Run.Response response = started.run().response();
                return new Ended(record, response == null ? null
                        : new Answer(response.status(), response.headers(), response.body()));
            });
        }

        @Override
        public CompletableFuture<String> startDurably(JsonNode input, JsonNode triggerData) {
            Engine.Started started = engine.startDurably(workflowId, input, trigger.type().id(), triggerData);
            return started.recorded().thenApply(committed -> started.id());
        }

        @Override
        public String leaveForResume(JsonNode input, JsonNode triggerData) {
            return engine.leaveForResume(workflowId, input, trigger.type().id(), triggerData);
        }

        @Override
        public long stoppingRetryAfter() {
            return engine.stoppingRetryAfter();
        }

        @Override
        public RateLimiter webhookRate() {
            return engine.webhookRate();
        }

        @Override
        public ReplayGuard webhookReplays() {
            return engine.webhookReplays();
        }

        @Override
        public long maxBodyBytes() {
            return trigger.maxBodyBytes() != null ? trigger.maxBodyBytes() : engine.webhookBodyLimit();
        }
    }
}
