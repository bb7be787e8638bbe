package io.webops.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Message;

/**
 * Webhook authentication of §2: a header secret, an HMAC-SHA256 signature, or basic auth.
 * Comparisons are constant-time; refusals never echo the expected secret.
 *
 * <p>HMAC is signed Stripe-style: the sender puts the Unix time in seconds in
 * {@code X-Webhook-Timestamp} (or {@code timestamp_header}) and signs {@code timestamp + "." + body};
 * a timestamp further than {@code tolerance_seconds} (default 300) from now is refused, and so is a
 * signature already accepted within that window (a replay). The timestamp is required: a signature
 * of the body alone could be replayed forever.
 */
final class WebhookAuth {

    static final String TIMESTAMP_HEADER = "X-Webhook-Timestamp";
    static final long DEFAULT_TOLERANCE_SECONDS = 300;

    private WebhookAuth() {
    }

    /** Null when the request may pass, else why it may not. */
    static String check(JsonNode auth, Message in, byte[] rawBody, ReplayGuard replays, String workflowId) {
        if (auth == null || "none".equals(auth.path("type").asText("none"))) {
            return null;
        }
        switch (auth.path("type").asText()) {
            case "header" -> {
                String name = auth.path("name").asText("X-Webhook-Secret");
                String got = in.getHeader(name, String.class);
                return got != null && same(got, auth.path("value").asText()) ? null : "Missing or wrong " + name + " header";
            }
            case "basic" -> {
                String header = in.getHeader("Authorization", String.class);
                String expected = auth.path("username").asText() + ":" + auth.path("password").asText();
                if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                    String given = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                    if (same(given, expected)) {
                        return null;
                    }
                }
                return "Basic authentication required";
            }
            case "hmac" -> {
                return checkHmac(auth, in, rawBody, replays, workflowId);
            }
            default -> {
                return "Unsupported webhook authentication";
            }
        }
    }

    private static String checkHmac(JsonNode auth, Message in, byte[] rawBody, ReplayGuard replays, String workflowId) {
        String name = auth.path("header").asText("X-Signature-256");
        String timestampName = auth.path("timestamp_header").asText(TIMESTAMP_HEADER);
        long tolerance = auth.path("tolerance_seconds").asLong(DEFAULT_TOLERANCE_SECONDS);
        String got = in.getHeader(name, String.class);
        if (got == null) {
            return "Missing " + name + " signature header";
        }
        String timestamp = in.getHeader(timestampName, String.class);
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            return "Missing " + timestampName + " header (Unix seconds; the signature covers timestamp + \".\" + body)";
        }
        long now = java.time.Instant.now().getEpochSecond();
        if (Math.abs(now - sentAt) > tolerance) {
            return timestampName + " is more than " + tolerance + " s from the server's time";
        }
        byte[] signed = (sentAt + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[signed.length + rawBody.length];
        System.arraycopy(signed, 0, message, 0, signed.length);
        System.arraycopy(rawBody, 0, message, signed.length, rawBody.length);
        String expected = "sha256=" + hmac(auth.path("secret").asText(), message);
        String given = (got.startsWith("sha256=") ? got : "sha256=" + got).toLowerCase(java.util.Locale.ROOT);
        if (!same(given, expected)) {
            return "Invalid " + name + " signature";
        }
        return replays.firstUse(workflowId + ":" + expected, sentAt + tolerance, now) ? null
                : "This signed request was received already (replay refused)";
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
