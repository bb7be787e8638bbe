package io.webops.triggers;

import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import io.webops.model.ValidationError;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.camel.AsyncCallback;

/** Started by an HTTP request to {@code /webhooks/<path>}, authenticated as the trigger's auth says. */
final class WebhookTrigger implements TriggerKind {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/_.-]{0,199}");

    @Override
    public TriggerType type() {
        return TriggerType.WEBHOOK;
    }

    @Override
    public void check(Trigger t, Consumer<ValidationError> problems) {
        String path = t.path() == null ? null : t.path().replaceFirst("^/", "");
        if (path != null && (!PATH.matcher(path).matches() || path.contains(".."))) {
            problems.accept(ValidationError.ofDocument("trigger.path", "trigger.path '" + t.path()
                    + "' may only use letters, digits, '/', '_', '-' and '.'"));
        }
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(t.method())) {
            problems.accept(ValidationError.ofDocument("trigger.method", "trigger.method '" + t.method()
                    + "' is not one of GET, POST, PUT, PATCH, DELETE"));
        }
        if (t.auth() != null && !List.of("none", "header", "hmac", "basic").contains(t.auth().path("type").asText())) {
            problems.accept(ValidationError.ofDocument("trigger.auth.type", "trigger.auth.type must be none, header, hmac or basic"));
        }
        JsonNode scheme = t.auth() == null ? null : t.auth().get("scheme");
        if (scheme != null && "hmac".equals(t.auth().path("type").asText()) && !HmacSchemes.NAMES.contains(scheme.asText())) {
            problems.accept(ValidationError.ofDocument("trigger.auth.scheme", "trigger.auth.scheme '" + scheme.asText()
                    + "' is not one of " + String.join(", ", HmacSchemes.NAMES) + " (default " + HmacSchemes.DEFAULT + ")"));
        }
        JsonNode tolerance = t.auth() == null ? null : t.auth().get("tolerance_seconds");
        if (tolerance != null && (!tolerance.canConvertToInt() || !tolerance.isIntegralNumber()
                || tolerance.asInt() < 1 || tolerance.asInt() > 86_400)) {
            problems.accept(ValidationError.ofDocument("trigger.auth.tolerance_seconds",
                    "trigger.auth.tolerance_seconds must be a whole number of seconds from 1 to 86400 (default 300)"));
        }
    }

    @Override
    public Map<String, Object> from(String workflowId, Trigger trigger) {
        return map(
                "uri", "platform-http:/webhooks/" + webhookPath(workflowId, trigger),
                // the body is left to the trigger (WebhookBody), which reads it within the webhook's own limit
                "parameters", map("httpMethodRestrict", trigger.method() == null ? "POST" : trigger.method(),
                        "useBodyHandler", false));
    }

    @Override
    public boolean start(TriggerCall call, AsyncCallback callback) {
        return WebhookRequest.start(call, callback);
    }

    @Override
    public void stopping(TriggerCall call, long retryAfterSeconds) {
        WebhookRequest.unavailable(call.exchange(), retryAfterSeconds);
    }

    /** The trigger's own path (validated to safe characters) or the workflow id. */
    @Override
    public String webhookPath(String workflowId, Trigger trigger) {
        String path = trigger.path();
        if (path == null || path.isBlank()) {
            return workflowId;
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
