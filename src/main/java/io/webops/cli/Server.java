package io.webops.cli;

import io.webops.api.AccountRoutes;
import io.webops.api.AccountService;
import io.webops.api.ApiRoutes;
import io.webops.api.ApiSecurity;
import io.webops.api.AuditRoutes;
import io.webops.api.CredentialRoutes;
import io.webops.api.OfficialTemplates;
import io.webops.api.TemplateGallery;
import io.webops.api.TemplateRoutes;
import io.webops.api.DeploymentSync;
import io.webops.api.ExecutionEvents;
import io.webops.api.NotificationRoutes;
import io.webops.api.ObserveRoutes;
import io.webops.api.SecurityHeaders;
import io.webops.api.UiRoutes;
import io.webops.api.WorkflowService;
import io.webops.auth.Access;
import io.webops.auth.RunAccess;
import io.webops.credentials.Vault;
import io.webops.history.HistoryPruner;
import io.webops.history.Store;
import io.webops.history.WorkflowRecord;
import io.webops.monitoring.Health;
import io.webops.monitoring.RouteMetrics;
import io.webops.nodes.NodeTypes;
import io.webops.notifications.Notifications;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.runtime.InstanceLease;
import io.webops.runtime.WorkflowCamelContext;
import io.webops.security.RateLimiter;
import io.webops.security.SecretBox;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The runtime: camel-main with the embedded platform-http server on one port for the API,
 * webhooks and the UI; the store (embedded H2 under the data folder, or PostgreSQL); the engine.
 */
public final class Server implements AutoCloseable {

    private final Settings settings;
    private final Main main = new Main() {
        /** camel-main's own context (its registry, its main class option), as a {@link WorkflowCamelContext}. */
        @Override
        protected CamelContext createCamelContext() {
            WorkflowCamelContext camel = new WorkflowCamelContext(false);
            camel.getCamelContextExtension().setRegistry(registry);
            camel.getGlobalOptions().put("CamelMainClass", (mainClass != null ? mainClass : getClass()).getName());
            return camel;
        }
    };
    private Store store;
    private Engine engine;
    private WorkflowService workflows;
    private Vault vault;
    private DeploymentSync deploymentSync;
    private Schedules schedules;
    private HistoryPruner pruner;
    private InstanceLease lease;

    public Server(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything and returns once webhooks and the API are served. */
    public Server start() throws Exception {
        Files.createDirectories(settings.dataDir());
        main.addInitialProperty("camel.server.port", String.valueOf(settings.port()));
        // Vert.x's body handler refuses a larger body with 413 from Content-Length or while counting what arrives
        main.addInitialProperty("camel.server.maxBodySize", String.valueOf(settings.limits().maxBodyBytes()));
        // SIGTERM runs close() (awaitShutdown's hook), which drains the executions before Camel stops; camel-main's own
        // hook would stop Camel, and with it the running executions, at once
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy camelHook) {
            camelHook.disableHangupSupport();
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                wire(m.getCamelContext());
            }
        });
        main.start();
        ExecutionEvents.register(main.getCamelContext(), settings.port(), engine);
        io.webops.api.HttpErrors.register(main.getCamelContext(), settings.port(), settings.limits().maxBodyBytes());
        try {
            HandWrittenRoutes.load(main.getCamelContext(), settings.routesDir(), Engine.generatedDir(settings.dataDir()));
        } catch (HandWrittenRoutes.Failure e) {
            close();
            throw e;
        }
        workflows.deployStored();
        lease = InstanceLease.register(store.instances(), engine, Duration.ofSeconds(settings.instanceLeaseSeconds()));
        engine.resumeInterrupted();
        lease.start();
        schedules.startFiring(store.workflows().states());
        deploymentSync = DeploymentSync.start(store, engine, workflows, Duration.ofSeconds(1));
        return this;
    }

    private void wire(CamelContext camel) {
        String instanceId = InstanceId.in(settings.dataDir());
        store = settings.dbUrl() == null
                ? Store.openH2(settings.dataDir(), instanceId)
                : Store.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), instanceId);
        store.executions().keepValuesUpTo(settings.history().maxValueBytes());
        store.executions().keepLargeInputsIn(settings.dataDir().resolve("large-inputs"));
        schedules = settings.dbUrl() == null
                ? Schedules.join(camel, store.jdbcUrl(), "sa", "", instanceId)
                : Schedules.join(camel, settings.dbUrl(), settings.dbUser(), settings.dbPassword(), instanceId);
        // every Kamelet the operator allows (WEBOPS_KAMELETS) is a node type; their secrets resolve through
        // the webops-secret property function
        io.webops.kamelets.Kamelets kamelets = io.webops.kamelets.Kamelets.fromSetting(settings.kamelets());
        io.webops.kamelets.SecretFunction.register(camel);
        NodeTypes types = kamelets.withStandard();
        SecretBox secrets = SecretBox.fromEnvironment(settings.masterKey(), settings.dataDir());
        vault = new Vault(store.dataSource(), secrets);
        camel.getRegistry().bind(Vault.BEAN, vault);
        vault.addFieldCheck("database", new io.webops.nodes.sql.DatabaseCredentialCheck(settings.dataDir(), store.jdbcUrl()));
        engine = new Engine(camel, store, types, new EngineSettings(settings.dataDir(),
                SsrfGuard.fromSetting(settings.ssrfAllow()),
                new RetryPolicy(settings.retryInitialDelayMs(), settings.retryMaxDelayMs(), 0.1), vault::resolve,
                settings.limits().webhookPerSecond(), settings.limits().maxNodeOutputBytes(),
                new EngineSettings.Reruns(settings.executionRetryDelayMs(), settings.executionRetryMaxDelayMs())));
        Access access = new Access(store.shares());
        workflows = new WorkflowService(store, engine, new Validator(types, vault::kindOf, settings.limits().maxWorkflowNodes(),
                settings.limits().maxBodyBytesCeiling()), secrets,
                caller -> id -> vault.find(id).filter(c -> access.canRead(caller, Access.CREDENTIAL, c.id(), c.ownerId()))
                        .map(io.webops.credentials.Credential::kind), access);
        engine.useWorkflowRunner(workflows::runChild);
        engine.useWebhookBodyLimit(settings.limits().maxBodyBytes());
        engine.useOwnership(new RunAccess(access, store.users(), Map.of(
                Access.WORKFLOW, id -> store.workflows().get(id).map(WorkflowRecord::ownerId),
                Access.CREDENTIAL, id -> vault.find(id).map(io.webops.credentials.Credential::ownerId),
                Access.AGENT, store.agentOwners()::of))::mayUse);
        engine.monitor(io.webops.sandbox.JavaScriptSandbox.WATCHDOG_WORKER);
        pruner = HistoryPruner.start(store, settings.history().retention(), Duration.ofSeconds(settings.history().pruneSeconds()));
        engine.monitor(pruner.worker());
        Health.register(camel, store.dataSource(), engine::workers);
        RouteMetrics.tagWorkflows(camel);
        AccountService accounts = new AccountService(store, Duration.ofHours(settings.accounts().sessionHours()));
        accounts.bootstrap(settings.accounts(), settings.port());
        camel.getRegistry().bind(ApiSecurity.BEAN, new ApiSecurity(store,
                new RateLimiter(settings.limits().signInPerMinute() / 60.0, settings.limits().signInPerMinute())));
        io.webops.llm.AgentFiles agents = new io.webops.llm.AgentFiles(settings.agentsDir());
        io.webops.llm.AgentMemory agentMemory = new io.webops.llm.AgentMemory(store.dataSource());
        new io.webops.llm.LlmRuntime(settings.llm(), agents, agentMemory,
                new io.webops.api.StoredWorkflowCatalog(workflows)).bindTo(camel);
        try {
            // the HTTP server is up then and no route answers yet: every answer carries the headers
            camel.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    SecurityHeaders.install(context, settings.port(), settings.webhookCspSandbox());
                }

                @Override // after Camel's last scan for dev consoles, which registers them all again
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    ObserveRoutes.dropUnserved(context);
                    RouteMetrics.routeEventsOnly(context);
                }
            });
            camel.addRoutes(new ApiRoutes(workflows, types));
            camel.addRoutes(new ObserveRoutes(workflows, engine));
            camel.addRoutes(new AccountRoutes(accounts));
            camel.addRoutes(new AuditRoutes());
            camel.addRoutes(new CredentialRoutes(vault));
            camel.addRoutes(new TemplateRoutes(new TemplateGallery(new OfficialTemplates(), store.templates(), types, vault::kindOf), workflows));
            Notifications notifications = new Notifications(store.dataSource(),
                    id -> store.workflows().get(id).map(WorkflowRecord::ownerId),
                    (workflowId, userId) -> store.workflows().get(workflowId)
                            .filter(r -> access.isOwnerOrSharedWith(userId, Access.WORKFLOW, r.id(), r.ownerId())).isPresent());
            camel.getRegistry().bind(Notifications.BEAN, notifications);
            camel.addRoutes(new NotificationRoutes(notifications));
            camel.addRoutes(new io.webops.api.AgentRoutes(agents, store.agentOwners(), agentMemory, vault));
            camel.addRoutes(new UiRoutes());
            camel.addRoutes(new io.webops.kamelets.KameletRoutes(kamelets));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return settings.port();
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public WorkflowService workflows() {
        return workflows;
    }

    public Engine engine() {
        return engine;
    }

    public Store store() {
        return store;
    }

    public Vault vault() {
        return vault;
    }

    public void awaitShutdown() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        if (deploymentSync != null) {
            deploymentSync.close();
        }
        if (pruner != null) {
            pruner.close();
        }
        if (schedules != null) {
            schedules.standby();
        }
        if (engine != null) {
            engine.drain(Duration.ofSeconds(settings.drainSeconds()));
            engine.close();
        }
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        if (schedules != null) {
            schedules.close();
        }
        if (lease != null) {
            lease.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
