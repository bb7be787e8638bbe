package io.webops.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.webops.model.Node;
import io.webops.nodes.NodeServices;
import java.util.List;

/**
 * The {@code chatModel} of one llm node's {@code langchain4j-chat} endpoint (bound as {@code <route id>.chatModel}):
 * a LangChain4j {@link ChatModel} that, on each call, resolves the node's server, key and model as the node always
 * did ({@link ModelResolver}: its openai credential, else the operator's defaults; so a changed credential is used at
 * once and no key is in the route) and calls it through {@link LlmClient} on the SSRF-guarded client, with the node's
 * temperature, max tokens and JSON mode. It takes the node's {@link Conversation} and records the reply and the call
 * there, which the component's answer (the text alone) would lose. Failures are {@link io.webops.nodes.NodeFailure}s
 * naming the node, without the key; LangChain4j's own retries are off, Camel's redelivery sends again.
 */
public final class NodeChatModel implements ChatModel {

    private final Node node;
    private final NodeServices services;
    private final boolean jsonMode;
    private final LlmClient client;

    public NodeChatModel(Node node, NodeServices services, boolean jsonMode) {
        this.node = node;
        this.services = services;
        this.jsonMode = jsonMode;
        this.client = new LlmClient(services.http());
    }

    @Override
    public ChatResponse chat(List<ChatMessage> messages) {
        if (!(messages instanceof Conversation conversation)) {
            throw new IllegalStateException("Node '" + node.id() + "': its model takes the conversation the node prepared, not a "
                    + messages.getClass().getName() + " (the reply's token usage would be lost)");
        }
        ModelTarget target = ModelResolver.resolve(node, services, LlmRuntime.of(services.camel(), node.id()).defaults(), null);
        LlmClient.Reply reply = client.chat(node.id(), target, conversation, List.of(), jsonMode, conversation.log());
        conversation.answered(reply);
        return reply.response();
    }

    /** Only the node's conversation is sent: a bare request would bypass its settings and its call log. */
    @Override
    public ChatResponse doChat(ChatRequest request) {
        throw new UnsupportedOperationException("Node '" + node.id() + "': its model is called with the node's conversation only");
    }

    @Override
    public String toString() {
        return "NodeChatModel[" + node.id() + "]";
    }
}
