package io.webops.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.Message;

/**
 * Webhook authentication of §2: a header secret, an HMAC-SHA256 signature, or basic auth.
 * Comparisons are constant-time; refusals never echo the expected secret.
 *
 * <p>HMAC follows the sender's signing scheme ({@link HmacSchemes}); the default, the runtime's own, is signed
 * Stripe-style: the sender puts the Unix time in seconds in {@code X-Webhook-Timestamp} (or {@code timestamp_header})
 * and signs {@code timestamp + "." + body}.
 */
final class WebhookAuth {

    private WebhookAuth() {
    }

    /** Null when the request may pass, else why it may not. */
    static String check(JsonNode auth, Message in, java.nio.ByteBuffer rawBody, ReplayGuard replays, String workflowId) {
        if (auth == null || "none".equals(auth.path("type").asText("none"))) {
            return null;
        }
        switch (auth.path("type").asText()) {
            case "header" -> {
                String name = auth.path("name").asText("X-Webhook-Secret");
                String got = in.getHeader(name, String.class);
                return got != null && Secrets.same(got, auth.path("value").asText()) ? null : "Missing or wrong " + name + " header";
            }
            case "basic" -> {
                String header = in.getHeader("Authorization", String.class);
                String expected = auth.path("username").asText() + ":" + auth.path("password").asText();
                if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                    String given = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                    if (Secrets.same(given, expected)) {
                        return null;
                    }
                }
                return "Basic authentication required";
            }
            case "hmac" -> {
                return HmacSchemes.check(auth, in, rawBody, replays, workflowId);
            }
            default -> {
                return "Unsupported webhook authentication";
            }
        }
    }
}
