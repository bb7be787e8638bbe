package io.webops.nodes.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.notifications.Notifications;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code notification}: leaves an in-product notification for a user, listed at
 * {@code GET /api/notifications}. The user defaults to the owner of the workflow; only its owner and the users it
 * is shared with may be notified.
 */
public final class NotificationNode implements NodeType {

    public static final String ID = "notification";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.OUTPUT;
    }

    @Override
    public String title() {
        return "Notification";
    }

    @Override
    public String description() {
        return "Notify a user in the product (GET /api/notifications); output {id, user, level, message}.";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode schema = Schema.object()
                .template("user", "User", "The user id to notify: the workflow's owner or a user it is shared with;"
                        + " templates allowed; default: the workflow's owner")
                .template("message", "Message", "Templates allowed")
                .template("level", "Level", "info, success, warning or error; templates allowed")
                .defaultValue("level", "info")
                .required("message")
                .build();
        JsonNode level = schema.path("properties").path("level");
        Notifications.LEVELS.forEach(l -> ((ObjectNode) level).withArray("examples").add(l));
        return schema;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        io.webops.nodes.TemplateChecks.fields(node, problems, "user", "message", "level");
        String level = node.configText("level", null);
        if (level != null && !Notifications.LEVELS.contains(level) && constant(level)) {
            problems.accept(ValidationError.ofNode(node.id(), "config.level", "Node '" + node.id()
                    + "': config.level must be one of " + String.join(", ", Notifications.LEVELS)));
        }
    }

    /** The user a node names as plain text (not a template), or null: what saving a workflow can check. */
    public static String literalUser(Node node) {
        String user = node.configText("user", null);
        return user != null && !user.isBlank() && constant(user) ? user.strip() : null;
    }

    /** Why a node may not notify the user; the same whether or not the user exists. */
    public static String refused(String nodeId, String user) {
        return "Node '" + nodeId + "': user '" + user + "' cannot be notified by this workflow:"
                + " notify its owner (leave config.user empty) or a user it is shared with";
    }

    /** Whether a template is plain text (one that does not parse is reported by the template check). */
    private static boolean constant(String text) {
        try {
            return Template.parse(text).isConstant();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template user = Template.parse(node.configText("user", ""));
        Template message = Template.parse(node.configText("message", ""));
        Template level = Template.parse(node.configText("level", "info"));
        return call -> {
            Notifications store = services.camel().getRegistry().lookupByNameAndType(Notifications.BEAN, Notifications.class);
            if (store == null) {
                throw NodeFailure.config("Node '" + node.id() + "': notifications are kept by the server; run the workflow there");
            }
            String to = user.render(call.vars()).strip();
            String lvl = level.render(call.vars()).strip().toLowerCase(Locale.ROOT);
            if (!Notifications.LEVELS.contains(lvl)) {
                throw NodeFailure.data("Node '" + node.id() + "': config.level rendered '" + lvl + "'; use one of "
                        + String.join(", ", Notifications.LEVELS));
            }
            JsonNode execution = call.vars().lookup("execution");
            String workflowId = execution == null ? null : execution.path("workflow_id").asText(null);
            if (!to.isEmpty() && !store.mayNotify(workflowId, to)) {
                throw NodeFailure.config(refused(node.id(), to));
            }
            Notifications.Notification n = store.add(to.isEmpty() ? store.defaultUser(workflowId) : to, lvl,
                    message.render(call.vars()), workflowId, call.executionId(), node.id());
            ObjectNode out = JSON.objectNode();
            out.put("id", n.id());
            out.put("user", n.userId());
            out.put("level", n.level());
            out.put("message", n.message());
            return NodeResult.of(out);
        };
    }
}
