package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.llm.AgentSession;
import io.webops.llm.AgentTools;
import io.webops.llm.LlmClient;
import io.webops.llm.ModelResolver;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code agent_task}: the agent carries out a task, calling its tools (other workflows,
 * {@code http_fetch}) for at most {@code max_steps} model turns; output {@code {result, steps,
 * steps_taken}} where each step is a tool call with its arguments and result. The tools are the
 * node's {@code tools} when given, else the agent's.
 */
public final class AgentTaskNode implements NodeType {

    static final int DEFAULT_MAX_STEPS = 5;

    @Override
    public String id() {
        return "agent_task";
    }

    @Override
    public Category category() {
        return Category.AGENT;
    }

    @Override
    public String title() {
        return "Agent Task";
    }

    @Override
    public String description() {
        return "An agent carries out a task with tools (workflows, http_fetch) in at most max_steps turns; output {result, steps, steps_taken}.";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode stringItem = Json.object().put("type", "string");
        return AgentNodeSupport.temperatureBounds(AgentNodeSupport.modelFields(AgentNodeSupport.agentField(Schema.object())
                        .template("task", "Task", "What the agent should do; templates allowed")
                        .any("params", "Parameters", "Values the task works with (default: the input); templates allowed")
                        .array("tools", "Tools", "Tools for this task instead of the agent's: http_fetch, or workflow ids or names", stringItem)
                        .integer("max_steps", "Max steps", "Most model turns before the task counts as failed")
                        .defaultValue("max_steps", DEFAULT_MAX_STEPS)
                        .minimum("max_steps", 1)
                        .maximum("max_steps", 50))
                .required("agent", "task")
                .build());
    }

    @Override
    public String credentialKind() {
        return ModelResolver.CREDENTIAL_KIND;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkAgent(node, problems);
        AgentNodeSupport.checkTemplates(node, problems, "task", "params");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template agent = AgentNodeSupport.template(node, "agent");
        Template task = AgentNodeSupport.template(node, "task");
        int maxSteps = node.config().path("max_steps").asInt(DEFAULT_MAX_STEPS);
        List<String> nodeTools = new ArrayList<>();
        node.config().path("tools").forEach(t -> nodeTools.add(t.asText()));
        LlmClient client = new LlmClient(services.http());
        return call -> {
            AgentSession session = AgentSession.open(node, agent.render(call.vars()), services, true);
            // the trigger data sub_workflow gives its children, so nesting stays bounded when workflows call agents back
            JsonNode trigger = call.vars().lookup("trigger");
            int depth = trigger == null ? 0 : trigger.path("depth").asInt(0);
            ObjectNode calledBy = Json.object().put("parent_execution_id", call.executionId()).put("parent_node", node.id())
                    .put("depth", depth + 1).put("agent", session.agent().id());
            AgentTools tools = new AgentTools(node.id(), node.config().has("tools") ? nodeTools : session.agent().tools(),
                    services.http(), session.runtime().workflows(), services.workflows(), node.timeoutSeconds() * 1000L, calledBy,
                    call.vars().lookup("execution") == null ? null : call.vars().lookup("execution").path("workflow_id").asText(null));
            JsonNode params = node.config().has("params") ? AgentNodeSupport.renderDeep(node, "params", call.vars()) : call.input();
            String paramsText = AgentNodeSupport.text(params);
            String request = "Task: " + task.render(call.vars())
                    + (paramsText.isBlank() || paramsText.equals("{}") ? "" : "\n\nParameters:\n" + paramsText);
            List<ChatMessage> messages = new ArrayList<>(session.prompt(request, tools.isEmpty() ? null
                    : "Use the tools when they help. When the task is done, answer with the result and call no tool."));
            ArrayNode steps = Json.MAPPER.createArrayNode();
            for (int turn = 1; turn <= maxSteps; turn++) {
                AiMessage ai = client.chat(node.id(), session.target(), messages, tools.specifications(), false, session.log())
                        .response().aiMessage();
                if (!ai.hasToolExecutionRequests()) {
                    String result = ai.text() == null ? "" : ai.text();
                    session.remember(request, result);
                    ObjectNode out = Json.object();
                    out.put("result", result);
                    out.set("steps", steps);
                    out.put("steps_taken", turn);
                    return NodeResult.of(out).withDetails(session.log().details());
                }
                messages.add(ai);
                for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
                    JsonNode result = tools.call(r, session.log());
                    messages.add(ToolExecutionResultMessage.from(r, Json.write(result)));
                    ObjectNode step = steps.addObject();
                    step.put("turn", turn);
                    step.put("tool", r.name());
                    step.set("arguments", session.log().toolCalls().get(session.log().toolCalls().size() - 1).get("arguments"));
                    step.set("result", result);
                }
            }
            throw new NodeFailure("AgentStepLimit", "Node '" + node.id() + "': the agent did not finish the task within config.max_steps = "
                    + maxSteps + " model turns (" + steps.size() + " tool calls); raise max_steps or narrow the task", false);
        };
    }
}
