package io.webops.llm;

/**
 * The operator's default model server ({@code WEBOPS_LLM_BASE_URL}, {@code WEBOPS_LLM_API_KEY},
 * {@code WEBOPS_LLM_MODEL}), used by nodes and agents that name no {@code openai} credential.
 * Any field may be null. {@link #toString()} shows no key.
 */
public record LlmDefaults(String baseUrl, String apiKey, String model) {

    public static final LlmDefaults NONE = new LlmDefaults(null, null, null);

    @Override
    public String toString() {
        return "LlmDefaults[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "unset" : "***") + "]";
    }
}
