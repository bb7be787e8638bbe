package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.llm.CallLog;
import io.webops.llm.Conversation;
import io.webops.llm.JsonAnswers;
import io.webops.llm.ModelResolver;
import io.webops.llm.NodeChatModel;
import io.webops.model.Connection;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Send;
import io.webops.nodes.Steps;
import io.webops.schema.ConfigSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Message;

/**
 * {@code llm}: one prompt to an OpenAI-compatible model. {@code system} and {@code prompt} are
 * templates ({@code {{ data.x }}} and the seed's {@code {content}}). Output {@code {text}}, or with
 * {@code output: json} the answer itself, checked against {@code schema} when given (asked again
 * once when it does not parse or match). Token usage, model and latency go to the node log.
 *
 * <p>The node's route shows the call: its run renders the messages, {@code to: langchain4j-chat:<route id>} sends them
 * (camel-langchain4j-chat, {@code CHAT_MULTIPLE_MESSAGES}) to the node's {@link NodeChatModel}, and the answer becomes
 * the output; Camel's redelivery sends again when the node retries.
 */
public final class LlmNode implements NodeType {

    public static final String ID = "llm";
    /** Purpose of the node's {@link NodeChatModel} bean, which its endpoint's {@code chatModel} option names. */
    static final String CHAT_MODEL = "chatModel";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "LLM";
    }

    @Override
    public String description() {
        return "Prompt an LLM (any OpenAI-compatible server); output {text}, or the JSON answer with output: json.";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode s = AgentNodeSupport.modelFields(Schema.object()
                        .template("prompt", "Prompt", "What to ask; {{ data.field }} and {field} take values from the input")
                        .template("system", "System prompt", "Instructions that frame the answer; templates allowed")
                        .enumeration("output", "Output", "text: {text}; json: the answer as JSON (checked against schema)", "text", "json")
                        .defaultValue("output", "text"))
                .required("prompt")
                .build();
        AgentNodeSupport.withSchemaField(s, "JSON Schema the answer must match (output json)");
        return AgentNodeSupport.temperatureBounds(s);
    }

    @Override
    public String credentialKind() {
        return ModelResolver.CREDENTIAL_KIND;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkTemplates(node, problems, "prompt", "system");
        AgentNodeSupport.checkSchema(node, problems);
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template prompt = AgentNodeSupport.template(node, "prompt");
        Template system = AgentNodeSupport.template(node, "system");
        boolean json = json(node);
        String schemaText = node.config().has("schema") ? Json.write(node.config().get("schema")) : null;
        ConfigSchemas schema = AgentNodeSupport.answerSchema(node);
        JsonAnswers.Check check = schema == null ? null : JsonAnswers.schema(schema);
        String what = schemaText == null ? "JSON" : "JSON matching the schema " + schemaText;
        return call -> {
            String systemText = system == null ? "" : system.render(call.vars());
            if (json) {
                systemText = (systemText + "\n\nAnswer with JSON only" + (schemaText == null ? "." : ", matching this JSON Schema: " + schemaText)).strip();
            }
            List<ChatMessage> messages = new ArrayList<>();
            if (!systemText.isEmpty()) {
                messages.add(SystemMessage.from(systemText));
            }
            messages.add(UserMessage.from(prompt.render(call.vars())));
            // the route's langchain4j-chat endpoint sends it (NodeChatModel resolves the server when it is called)
            return new NodeResult(call.input(), Connection.OUTPUT, new Ask(new Conversation(messages, new CallLog()), false, check, what), null);
        };
    }

    /**
     * The messages for the endpoint; {@code again}: an unusable JSON reply was stated and this is the last ask;
     * {@code check} and {@code what}: how a JSON answer is checked and what it must be.
     */
    private record Ask(Conversation messages, boolean again, JsonAnswers.Check check, String what) implements Send {
        @Override
        public void onto(Message message) {
            message.setBody(messages);
        }
    }

    /** The node's model, called by its endpoint: the server, key and model resolved on each call. */
    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        // JSON mode makes OpenAI answer an object; an array or scalar schema is asked for in words only
        boolean objectAnswer = !node.config().has("schema") || "object".equals(node.config().path("schema").path("type").asText("object"));
        return Map.of(CHAT_MODEL, new NodeChatModel(node, services, json(node) && objectAnswer));
    }

    /**
     * {@code to: langchain4j-chat:<route id>} with the node's model bean and the operation only; the messages travel in
     * the body, so no prompt, key or address is in the route. An answer that is not the JSON asked for is asked for once
     * more by a second send to the same endpoint.
     */
    @Override
    public List<Object> camelSteps(CamelStep step) {
        Map<String, Object> chat = Steps.map("to", Steps.map(
                "uri", "langchain4j-chat:" + step.routeId(),
                "parameters", Steps.map(
                        "chatModel", "#" + step.bean(CHAT_MODEL),
                        "chatOperation", "CHAT_MULTIPLE_MESSAGES")));
        List<Object> steps = new ArrayList<>(step.send(chat, json(step.node())));
        steps.addAll(step.dispatch());
        return steps;
    }

    /**
     * The node's output from the endpoint's answer: {@code {text}} (the body langchain4j-chat answered), or the JSON
     * answer checked against the schema; a JSON answer that cannot be used is asked for again once (the result then
     * carries the next message, which the route sends) before the node fails. The node log gets the calls' model,
     * latency and token usage, which {@link NodeChatModel} recorded on the conversation.
     */
    @Override
    public NodeResult answer(Node node, NodeResult ran, Message answer, long durationMillis) {
        Ask ask = (Ask) ran.attachment();
        Conversation sent = ask.messages();
        if (sent.reply() == null) {
            throw new IllegalStateException("Node '" + node.id() + "': langchain4j-chat answered without calling the node's model");
        }
        String text = answer.getBody(String.class);
        text = text == null ? "" : text;
        if (!json(node)) {
            ObjectNode out = Json.object();
            out.put("text", text);
            return NodeResult.of(out).withDetails(sent.log().details());
        }
        JsonAnswers.Reading reading = JsonAnswers.read(text, ask.check());
        if (reading.usable()) {
            return NodeResult.of(reading.value()).withDetails(sent.log().details());
        }
        sent.log().repair(reading.problem());
        if (ask.again()) {
            throw JsonAnswers.unusable(node.id(), reading.problem(), ask.what());
        }
        Conversation next = sent.then(JsonAnswers.askAgain(text, reading.problem(), ask.what()));
        return new NodeResult(ran.output(), Connection.OUTPUT, new Ask(next, true, ask.check(), ask.what()), null);
    }

    /** The model's failures are already named by NodeChatModel (LlmClient); anything else is named here. */
    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof NodeFailure named) {
                return named;
            }
        }
        return new NodeFailure("LlmError", "Node '" + node.id() + "': the call to the model failed: " + failure, false, failure);
    }

    private static boolean json(Node node) {
        return "json".equals(node.configText("output", "text"));
    }
}
