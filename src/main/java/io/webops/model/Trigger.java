package io.webops.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How executions of a workflow start (§2). Fields that do not apply to the type are null.
 *
 * @param auth webhook authentication as written in the document ({@code {"type": "header", ...}});
 *             its secret is kept in the document store like a credential's and never echoed
 * @param maxBodyBytes a webhook's own request body limit ({@code max_body_bytes}); null: the instance's default
 */
public record Trigger(
        TriggerType type,
        String cron,
        String timezone,
        String path,
        String method,
        Respond respond,
        JsonNode auth,
        String on,
        String workflow,
        Long maxBodyBytes) {

    public enum Respond { IMMEDIATELY, WHEN_FINISHED }

    public static final Trigger MANUAL = new Trigger(TriggerType.MANUAL, null, null, null, null, null, null, null, null, null);
}
