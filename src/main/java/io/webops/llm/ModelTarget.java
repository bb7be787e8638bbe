package io.webops.llm;

import io.webops.credentials.ResolvedCredential;
import java.net.URI;
import java.util.Collection;
import java.util.List;

/**
 * Where one call goes and how: the server's base URL and key, the model and its sampling
 * settings, the timeout. {@code secrets} are the values to scrub from any message (the key).
 * {@link #toString()} shows no key.
 */
public record ModelTarget(String baseUrl, String apiKey, String model, Double temperature, Integer maxTokens,
                          long timeoutMillis, Collection<String> secrets) {

    public ModelTarget {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** The message with every secret, the key included, replaced by ***. */
    public String scrub(String message) {
        String out = ResolvedCredential.scrub(message, secrets);
        return apiKey == null ? out : ResolvedCredential.scrub(out, List.of(apiKey));
    }

    /** The base URL without user info or query, for messages. */
    public String where() {
        try {
            URI u = URI.create(baseUrl);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (RuntimeException e) {
            return "(invalid base URL)";
        }
    }

    @Override
    public String toString() {
        return "ModelTarget[" + where() + ", model=" + model + "]";
    }
}
