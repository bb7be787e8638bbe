package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Message;

/**
 * Webhook authentication of §2: a header secret, an HMAC-SHA256 signature of the raw body, or
 * basic auth. Comparisons are constant-time; refusals never echo the expected secret.
 */
final class WebhookAuth {

    private WebhookAuth() {
    }

    /** Null when the request may pass, else why it may not. */
    static String check(JsonNode auth, Message in, byte[] rawBody) {
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
                String name = auth.path("header").asText("X-Signature-256");
                String got = in.getHeader(name, String.class);
                if (got == null) {
                    return "Missing " + name + " signature header";
                }
                String expected = "sha256=" + hmac(auth.path("secret").asText(), rawBody);
                String given = got.startsWith("sha256=") ? got : "sha256=" + got;
                return same(given.toLowerCase(java.util.Locale.ROOT), expected) ? null : "Invalid " + name + " signature";
            }
            default -> {
                return "Unsupported webhook authentication";
            }
        }
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
