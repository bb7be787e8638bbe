package io.webops.llm;

import dev.langchain4j.data.message.ChatMessage;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The messages one call of a node sends, as the body camel-langchain4j-chat takes ({@code CHAT_MULTIPLE_MESSAGES}: a
 * {@code List<ChatMessage>}), carrying what the component's answer leaves out. The component hands this very list to
 * the node's {@link NodeChatModel} and keeps only the reply's text; the model records the whole reply here (token
 * usage, model, finish reason) and the call in the node's {@link CallLog}, so the node's answer reads them back from
 * the message it sent. Redelivery sends the same list again; only an answered call is recorded.
 */
public final class Conversation extends AbstractList<ChatMessage> implements RandomAccess {

    private final List<ChatMessage> messages;
    private final CallLog log;
    private volatile LlmClient.Reply reply;

    public Conversation(List<ChatMessage> messages, CallLog log) {
        this.messages = new ArrayList<>(messages);
        this.log = log;
    }

    /** This conversation followed by more messages, for one more call logged in the same {@link CallLog}. */
    public Conversation then(List<ChatMessage> more) {
        Conversation next = new Conversation(messages, log);
        next.messages.addAll(more);
        return next;
    }

    public CallLog log() {
        return log;
    }

    /** The model's reply to this conversation, or null while it has not answered. */
    public LlmClient.Reply reply() {
        return reply;
    }

    void answered(LlmClient.Reply reply) {
        this.reply = reply;
    }

    @Override
    public ChatMessage get(int index) {
        return messages.get(index);
    }

    /** camel-langchain4j-chat sets the last user message back (with its RAG data, of which the node sends none). */
    @Override
    public ChatMessage set(int index, ChatMessage message) {
        return messages.set(index, message);
    }

    @Override
    public int size() {
        return messages.size();
    }
}
