package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.webops.json.Json;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.RetryAfterFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat calls to an OpenAI-compatible server through LangChain4j's {@link OpenAiChatModel}, whose
 * HTTP goes through the runtime's SSRF-guarded client ({@link GuardedHttpClient}).
 *
 * <p>The llm node calls it from its route: {@code to: langchain4j-chat:<route id>} hands the node's messages to its
 * {@link NodeChatModel}, which calls {@link #chat} here. The agent nodes call it directly: camel-langchain4j-chat takes
 * its tools from {@code langchain4j-tools} consumer routes shared by the whole context, while an agent picks its own
 * server, model and tools (other workflows) at run time and needs each tool exchange in its node log.
 * camel-langchain4j-agent does not fit either: its agents are LangChain4j AI services built once per endpoint with
 * static tools, while here an agent is a YAML file read on each run.
 *
 * <p>LangChain4j's own retries are off ({@code maxRetries(0)}): retries are the node's (§4), with
 * its backoff, and a server's {@code Retry-After} is honoured through {@link RetryAfterFailure}.
 */
public final class LlmClient {

    /** One answer of the model. */
    public record Reply(ChatResponse response, long latencyMillis) {
        public String text() {
            String t = response.aiMessage().text();
            return t == null ? "" : t;
        }
    }

    private record ModelKey(String baseUrl, String apiKey, long timeoutMillis) {
        @Override
        public String toString() {
            return "ModelKey[" + baseUrl + "]";
        }
    }

    private final HttpCaller http;
    private final Map<ModelKey, ChatModel> models = new ConcurrentHashMap<>();

    public LlmClient(HttpCaller http) {
        this.http = http;
    }

    /**
     * Sends the messages (with tools, in JSON mode when asked) and returns the answer, recording
     * the call in {@code log}. Failures are {@link NodeFailure}s naming the node: transient for
     * timeouts, 429 and 5xx; at once, with the server's message, for other 4xx.
     */
    public Reply chat(String nodeId, ModelTarget target, List<ChatMessage> messages, List<ToolSpecification> tools,
                      boolean json, CallLog log) {
        ChatModel model = models.computeIfAbsent(new ModelKey(target.baseUrl(), target.apiKey(), target.timeoutMillis()), this::model);
        ChatRequest.Builder request = ChatRequest.builder().messages(messages).modelName(target.model());
        if (target.temperature() != null) {
            request.temperature(target.temperature());
        }
        if (target.maxTokens() != null) {
            request.maxOutputTokens(target.maxTokens());
        }
        if (tools != null && !tools.isEmpty()) {
            request.toolSpecifications(tools);
        }
        if (json) {
            request.responseFormat(ResponseFormat.JSON);
        }
        long start = System.nanoTime();
        ChatResponse response;
        try {
            response = model.chat(request.build());
        } catch (RuntimeException e) {
            throw failure(nodeId, target, e);
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        TokenUsage usage = response.tokenUsage();
        log.call(response.modelName() == null ? target.model() : response.modelName(),
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), latency,
                response.finishReason() == null ? null : response.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        return new Reply(response, latency);
    }

    private ChatModel model(ModelKey key) {
        return OpenAiChatModel.builder()
                .httpClientBuilder(GuardedHttpClient.builder(http))
                .baseUrl(key.baseUrl())
                .apiKey(key.apiKey())
                .timeout(Duration.ofMillis(key.timeoutMillis()))
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build();
    }

    static NodeFailure failure(String nodeId, ModelTarget target, RuntimeException e) {
        String prefix = "Node '" + nodeId + "': the model server " + target.where() + " ";
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof GuardedHttpClient.Failure f) {
                int status = f.statusCode();
                String message = target.scrub(serverMessage(f.getMessage()));
                if (status == 429 || status >= 500) {
                    String text = prefix + "answered " + status + " (will retry when the node retries): " + message;
                    return f.retryAfterMillis() >= 0
                            ? new RetryAfterFailure("LlmUnavailable", text, f.retryAfterMillis())
                            : new NodeFailure("LlmUnavailable", text, true);
                }
                return new NodeFailure("LlmError", prefix + "answered " + status + ": " + message + hint(status), false);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof dev.langchain4j.exception.TimeoutException || c instanceof java.net.SocketTimeoutException
                    || c instanceof java.net.http.HttpTimeoutException) {
                return new NodeFailure("Timeout", prefix + "did not answer within the node's timeout of "
                        + target.timeoutMillis() / 1000 + " s (raise timeout_seconds for slow models)", true);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NodeFailure nf) {
                return new NodeFailure(nf.kind(), prefix + "could not be reached: " + target.scrub(nf.getMessage()), nf.isTransient());
            }
        }
        return new NodeFailure("LlmError", prefix + "call failed: " + target.scrub(String.valueOf(e.getMessage())), false);
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> " (check the API key of the openai credential or WEBOPS_LLM_API_KEY)";
            case 404 -> " (check the model name and the base URL, which usually ends in /v1)";
            default -> "";
        };
    }

    /** {@code error.message} of an OpenAI-style error body, else the body itself (shortened). */
    static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode n = Json.parse(body);
            JsonNode m = n.path("error").path("message");
            if (m.isTextual()) {
                return m.asText();
            }
            if (n.path("error").isTextual()) {
                return n.path("error").asText();
            }
        } catch (IllegalArgumentException notJson) {
            // plain text body
        }
        String oneLine = body.replace('\n', ' ').trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
