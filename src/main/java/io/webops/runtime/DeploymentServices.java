package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Access;
import io.webops.credentials.ResolvedCredential;
import io.webops.credentials.Vault;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeServices;
import io.webops.nodes.WorkflowRunner;
import io.webops.nodes.WorkflowState;
import io.webops.security.SsrfGuard;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.camel.CamelContext;

/**
 * The services node executors get, one set per deployed workflow: the engine's, with what the workflow uses checked
 * against its owner each time by the ownership rule.
 */
final class DeploymentServices {

    private final CamelContext camel;
    private final Store store;
    private final EngineSettings settings;
    private final CamelHttpCaller http;
    private volatile WorkflowRunner workflowRunner;
    private volatile Engine.UseRule useRule = (owner, kind, id) -> true;

    DeploymentServices(CamelContext camel, Store store, EngineSettings settings) {
        this.camel = camel;
        this.store = store;
        this.settings = settings;
        this.http = new CamelHttpCaller(camel, settings.ssrfGuard());
    }

    void useWorkflowRunner(WorkflowRunner runner) {
        this.workflowRunner = runner;
    }

    void useOwnership(Engine.UseRule rule) {
        this.useRule = rule;
    }

    /** Whether a workflow owned by {@code ownerId} may use the resource now. */
    boolean mayUse(String ownerId, String kind, String resourceId) {
        return useRule.mayUse(ownerId, kind, resourceId);
    }

    /** The services of a workflow owned by {@code ownerId} (null: no one). */
    NodeServices of(String ownerId) {
        return new Owned(ownerId);
    }

    /** A resource the workflow may not use fails the node exactly as a missing one would. */
    private final class Owned implements NodeServices {

        private final String ownerId;

        Owned(String ownerId) {
            this.ownerId = ownerId;
        }

        @Override
        public SsrfGuard ssrfGuard() {
            return settings.ssrfGuard();
        }

        @Override
        public HttpCaller http() {
            return http;
        }

        @Override
        public ResolvedCredential credential(String id, String kind) {
            if (!mayUse(Access.CREDENTIAL, id)) {
                throw NodeFailure.config(Vault.notFound(id));
            }
            try {
                return settings.credentials().open(id, kind);
            } catch (IllegalArgumentException e) {
                throw NodeFailure.config(e.getMessage());
            }
        }

        @Override
        public boolean mayUse(String kind, String resourceId) {
            return useRule.mayUse(ownerId, kind, resourceId);
        }

        @Override
        public Path dataDir() {
            return settings.dataDir() == null ? Path.of("data") : settings.dataDir();
        }

        @Override
        public String storeJdbcUrl() {
            return store.jdbcUrl();
        }

        @Override
        public CamelContext camel() {
            return camel;
        }

        @Override
        public WorkflowState state() {
            return new WorkflowState() {
                @Override
                public Optional<JsonNode> get(String workflowId, Scope scope, String key) {
                    return store.state().get(scopeName(scope), scopeId(workflowId, scope), key).map(Json::parse);
                }

                @Override
                public boolean set(String workflowId, Scope scope, String key, JsonNode value) {
                    return store.state().put(scopeName(scope), scopeId(workflowId, scope), key, Json.write(value),
                            WorkflowState.MAX_KEYS);
                }

                @Override
                public boolean delete(String workflowId, Scope scope, String key) {
                    return store.state().delete(scopeName(scope), scopeId(workflowId, scope), key);
                }
            };
        }

        private static String scopeName(WorkflowState.Scope scope) {
            return scope.name().toLowerCase(java.util.Locale.ROOT);
        }

        private String scopeId(String workflowId, WorkflowState.Scope scope) {
            return scope == WorkflowState.Scope.OWNER ? (ownerId == null ? "" : ownerId) : workflowId;
        }

        @Override
        public WorkflowRunner workflows() {
            return (id, input, triggerData, wait) -> {
                WorkflowRunner r = workflowRunner;
                if (r == null) {
                    throw NodeFailure.config("Workflow '" + id
                            + "' cannot be run from here: sub-workflows run on the server");
                }
                if (!mayUse(Access.WORKFLOW, id)) {
                    throw WorkflowRunner.notFound(id);
                }
                return r.run(id, input, triggerData, wait);
            };
        }
    }
}
