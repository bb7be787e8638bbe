package io.webops.nodes.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Message;
import org.apache.camel.component.sql.SqlConstants;

/**
 * {@code database_query}: runs the user's SQL on a database credential; {@code :name} parameters are bound from
 * {@code config.parameters} (templates, a lone {@code {{ }}} keeps its JSON type) or else from the input's field of that
 * name. The node's route shows the call: its run prepares the statement (the credential's database, the SQL read as that
 * database reads it, the values), then {@code to: kamelet:webops-sql-action} runs it with camel-sql
 * ({@link SqlConnector}) and the answer becomes the node's output; Camel's redelivery runs it again when the node retries
 * a transient failure. Output: the rows as an array of objects.
 */
public final class DatabaseQueryNode implements NodeType {

    public static final String ID = "database_query";

    static final int DEFAULT_MAX_ROWS = 100_000;

    @Override
    public List<String> kamelets() {
        return List.of("webops-sql-action");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.SOURCE;
    }

    @Override
    public String title() {
        return "Database Query";
    }

    @Override
    public String description() {
        return "Run SQL on a database credential (PostgreSQL, MariaDB/MySQL, SQL Server or H2); :name parameters are bound,"
                + " never spliced. Output: the rows.";
    }

    @Override
    public String credentialKind() {
        return "database";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("credential", "Database", "A database credential (JDBC URL, user, password)")
                .string("query", "SQL", "The statement; write values as :name parameters, e.g. select * from orders where status = :status")
                .stringMap("parameters", "Parameters", "Value of each :name parameter; templates allowed, e.g. {{ data.status }}."
                        + " A parameter not listed here takes the input's field of that name")
                .integer("max_rows", "Maximum rows", "The node fails rather than read more rows than this (memory);"
                        + " add a LIMIT, page with parameters, or raise it")
                .defaultValue("max_rows", DEFAULT_MAX_ROWS)
                .minimum("max_rows", 1)
                .required("query")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        CredentialRef.check(node, credentialKind(), problems);
        SqlChecks.sql(node, "query", problems);
        SqlChecks.templates(node, "parameters", problems);
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Parameters parameters = Parameters.of(node.config().get("parameters"));
        String credentialId = CredentialRef.idOf(node);
        SqlConnector connector = SqlConnector.of(services);
        return call -> {
            ResolvedCredential credential = services.credential(credentialId, credentialKind());
            SqlConnector.Pool pool = connector.pool(node.id(), credential);
            NamedSql sql = SqlChecks.parse(node, "query", pool.dialect);
            if (pool.dialect == SqlConnector.Dialect.H2) {
                SqlChecks.h2(node, "query", sql);
            }
            List<Object> values = parameters.values(node.id(), sql.names(), call.vars(), call.input());
            // the statement is run by the route's next steps (kamelet:webops-sql-action)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT, new Query(credential, sql.jdbcSql(), values), null);
        };
    }

    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        return SqlConnector.camelBeans(node, services);
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        // one row more than allowed tells a result that was cut from one that fits
        int maxRows = maxRows(step.node()) + 1;
        List<Object> steps = new ArrayList<>(step.send(SqlConnector.endpoint(step, false, maxRows, SqlChecks.placeholders(step.node(), "query"))));
        steps.addAll(step.dispatch());
        return steps;
    }

    /** The rows of a query (camel-sql's list of what the row mapper made), or a statement's update count. */
    @Override
    public NodeResult answer(Node node, NodeResult ran, Message answer, long durationMillis) {
        Integer count = answer.getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class);
        List<?> found = count == null && answer.getBody() instanceof List<?> l ? l : null;
        int maxRows = maxRows(node);
        if (found != null && found.size() > maxRows) {
            throw NodeFailure.data("Node '" + node.id() + "': the query answered more than config.max_rows (" + maxRows
                    + ") rows; add a LIMIT or a WHERE clause, or raise config.max_rows");
        }
        ArrayNode rows = found == null ? JsonNodeFactory.instance.arrayNode() : SqlValues.rows(found);
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("rows", rows.size());
        if (found == null) {
            details.put("rows_affected", count == null ? 0 : count);
        }
        return NodeResult.of(rows).withDetails(details);
    }

    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        return SqlConnector.failure(node, ran, failure);
    }

    private static int maxRows(Node node) {
        return node.config().path("max_rows").asInt(DEFAULT_MAX_ROWS);
    }

    /** The statement for camel-sql: the SQL in {@code CamelSqlQuery}, the values to bind as the body. */
    record Query(ResolvedCredential credential, String sql, List<Object> values) implements SqlConnector.Statement {

        @Override
        public void onto(Message m) {
            m.setHeader(SqlConstants.SQL_QUERY, sql);
            m.setBody(values);
        }
    }

    /** The values of a statement's :name parameters: configured templates, else fields of a source object. */
    record Parameters(java.util.Map<String, Template> templates) {

        static Parameters of(JsonNode config) {
            java.util.Map<String, Template> t = new java.util.LinkedHashMap<>();
            if (config != null && config.isObject()) {
                config.fields().forEachRemaining(e -> t.put(e.getKey(),
                        Template.parse(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
            }
            return new Parameters(t);
        }

        List<Object> values(String nodeId, List<String> names, io.webops.expr.Vars vars, JsonNode source) {
            List<Object> values = new ArrayList<>(names.size());
            for (String name : names) {
                Template t = templates.get(name);
                JsonNode v = t != null ? t.renderValue(vars) : source == null ? null : source.get(name);
                if (t == null && (v == null || v.isMissingNode())) {
                    throw NodeFailure.data("Node '" + nodeId + "': no value for the SQL parameter :" + name
                            + "; add it to config.parameters (e.g. \"" + name + "\": \"{{ data." + name + " }}\") or to the input");
                }
                values.add(SqlValues.toJdbc(v));
            }
            return values;
        }
    }
}
