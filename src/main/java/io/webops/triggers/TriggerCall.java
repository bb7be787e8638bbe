package io.webops.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.model.Trigger;
import io.webops.security.RateLimiter;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;

/** One firing of a workflow's trigger route, as the runtime hands it to the trigger's kind. */
public interface TriggerCall {

    String workflowId();

    /** The trigger of the deployed version (the trigger route is shared by versions). */
    Trigger trigger();

    /** The exchange of the trigger route: the request, the Quartz firing or the event. */
    Exchange exchange();

    /**
     * Starts an execution and runs it on the calling thread as far as it goes synchronously (a webhook's worker
     * thread, a Quartz thread); the future completes when it has ended.
     */
    CompletableFuture<Ended> start(JsonNode input, JsonNode triggerData);

    /**
     * Starts an execution on a pool thread; completes with its id once its start is committed to the history, so
     * that an execution announced to the caller is run (resumed after a crash) even if this instance dies.
     */
    CompletableFuture<String> startDurably(JsonNode input, JsonNode triggerData);

    /**
     * For a firing nobody waits for that came while this instance stops: records the execution without running it,
     * for whoever resumes this instance's executions (another instance once this one gives its lease up, or this
     * one's next start). Returns its id once the record is committed.
     */
    String leaveForResume(JsonNode input, JsonNode triggerData);

    /** While this instance is stopping, the seconds a caller should wait before retrying; 0 while it runs normally. */
    long stoppingRetryAfter();

    /** Token buckets per webhook path (0 s to wait: the request may pass). */
    RateLimiter webhookRate();

    /** HMAC signatures already accepted, to refuse replays inside the timestamp window. */
    ReplayGuard webhookReplays();

    /** The largest request body a webhook takes: its trigger's {@code max_body_bytes}, else the port's limit. */
    long maxBodyBytes();

    /** How an execution ended: its record, and the answer a respond node set (null when none did). */
    record Ended(ExecutionRecord record, Answer answer) {
    }

    /** The HTTP answer a respond node set for a when_finished webhook. */
    record Answer(int status, JsonNode headers, JsonNode body) {
    }
}
