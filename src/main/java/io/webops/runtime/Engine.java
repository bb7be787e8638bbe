package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionIds;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.nodes.Beans;
import io.webops.nodes.NodeTypes;
import io.webops.translate.Translator;
import io.webops.triggers.TriggerKinds;
import io.webops.workers.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the workflows' life inside the one CamelContext: deploys a workflow version's generated
 * routes (and retires the previous version once its executions are done), starts executions,
 * ends them (success, failure, timeout, cancel) and writes their history.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final CamelContext camel;
    private final Store store;
    private final NodeTypes types;
    private final EngineSettings settings;
    private final Translator translator;
    private final DeploymentServices services;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final NodeBeans nodeBeans = new NodeBeans();
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ExecutionWatch watch = new ExecutionWatch();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webops-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService background;
    /** Sub-workflows a parent waits for: a thread each, so nesting never waits for a pooled one. */
    private final ExecutorService children;
    /**
     * Held while Camel's route model changes (routes and route configurations loaded or removed). Its lists are not
     * safe for two threads, and retired routes are removed on {@link #remover} while a deploy loads new ones.
     */
    private final Object routeModel = new Object();
    private final ExecutorService remover = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webops-undeploy");
        t.setDaemon(true);
        return t;
    });
    /** The background loops health reports on: the engine's own and those others hand it ({@link #monitor}). */
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final Worker overdueWorker = new Worker("webops-watchdog",
            Duration.ofSeconds(10));
    private final Worker removerWorker = new Worker("webops-undeploy", null)
            .runsWhile(() -> !remover.isShutdown(), "it was shut down");
    private final EventTriggers eventTriggers;
    private final io.webops.security.RateLimiter webhookRate;
    private final ReplayGuard webhookReplays = new ReplayGuard();

    public Engine(CamelContext camel, Store store, NodeTypes types, EngineSettings settings) {
        this.camel = camel;
        this.store = store;
        this.types = types;
        this.settings = settings;
        this.translator = new Translator(types, settings.retry());
        this.webhookRate = new io.webops.security.RateLimiter(settings.webhookPerSecond(), settings.webhookPerSecond());
        this.background = camel.getExecutorServiceManager().newThreadPool(this, "webops-runs", 4, 64);
        this.children = camel.getExecutorServiceManager().newCachedThreadPool(this, "webops-sub-workflows");
        this.services = new DeploymentServices(camel, store, settings);
        addNodeBeans(camel);
        new SharedBeans(this).bindTo(camel.getRegistry());
        // one sweep for every execution's timeout, instead of a timer task per execution
        ScheduledFuture<?> sweep = watchdog.scheduleWithFixedDelay(overdueWorker.guard(this::endOverdue),
                200, 200, TimeUnit.MILLISECONDS);
        overdueWorker.runsWhile(() -> !sweep.isDone() && !watchdog.isShutdown(), "its schedule has ended");
        monitor(overdueWorker);
        monitor(removerWorker);
        monitor(store.executions().writerWorker());
        this.eventTriggers = new EventTriggers(camel, deployments::get, background, services);
    }

    /** A deployment that cannot be made as asked: the API answers 409 with its message. */
    public static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Whether another deployed workflow listens on this workflow's webhook path (false for other triggers). Only a
     * loaded trigger route holds a path: a draft deployed without its trigger (below) holds none.
     */
    private boolean webhookPathTaken(String workflowId, Workflow workflow) {
        io.webops.model.Trigger trigger = workflow.trigger();
        String path = trigger == null ? null : TriggerKinds.of(trigger).webhookPath(workflowId, trigger);
        if (path == null) {
            return false;
        }
        for (Deployment d : deployments.values()) {
            io.webops.model.Trigger other = d.plan.workflow.trigger();
            if (!d.plan.workflowId.equals(workflowId) && other != null
                    && path.equals(TriggerKinds.of(other).webhookPath(d.plan.workflowId, other))
                    && camel.getRoute(d.plan.workflowId + ".trigger") != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Two workflows cannot listen on one webhook path: the second is refused. The answer names no other workflow: it
     * may be another user's, and the caller may not learn its id.
     */
    private static Conflict webhookPathConflict(String workflowId, Workflow workflow) {
        return new Conflict("Webhook path /webhooks/" + TriggerKinds.of(workflow.trigger()).webhookPath(workflowId, workflow.trigger())
                + " is already used by another workflow; give this workflow's trigger another path");
    }

    /** How nodes run other saved workflows; set once the service that owns them exists. */
    public void useWorkflowRunner(io.webops.nodes.WorkflowRunner runner) {
        services.useWorkflowRunner(runner);
    }

    /**
     * What a running workflow may use: the server's rule is {@link io.webops.auth.RunAccess}. Without one (the command
     * line, tests of the engine alone) a workflow may use anything.
     */
    @FunctionalInterface
    public interface UseRule {
        /** Whether a workflow owned by {@code workflowOwnerId} (null: no one) may use the resource now. */
        boolean mayUse(String workflowOwnerId, String kind, String resourceId);
    }

    /** Checks what workflows use at each use (sub-workflows, followed workflows, credentials, agents) by this rule. */
    public void useOwnership(UseRule rule) {
        services.useOwnership(rule);
    }

    /** Puts the node beans' repository in front of the context's registry, keeping what is bound there. */
    private void addNodeBeans(CamelContext camel) {
        if (!(camel.getRegistry() instanceof org.apache.camel.support.DefaultRegistry current)) {
            throw new IllegalStateException("Unexpected Camel registry " + camel.getRegistry().getClass());
        }
        if (current.getRepositories() != null) {
            current.addBeanRepository(nodeBeans);
            return;
        }
        org.apache.camel.support.DefaultRegistry registry = new org.apache.camel.support.DefaultRegistry(List.of(nodeBeans));
        registry.setFallbackRegistry(current.getFallbackRegistry());
        registry.setSupplierRegistry(current.getSupplierRegistry());
        registry.setCamelContext(camel);
        camel.getCamelContextExtension().setRegistry(registry);
    }

    public Translator translator() {
        return translator;
    }

    public NodeTypes types() {
        return types;
    }

    public Store store() {
        return store;
    }

    // ---- deployments ---------------------------------------------------------------------

    /**
     * Deploys (or redeploys) one workflow version. The previous version keeps serving the
     * executions already running on it and is removed when they are done.
     *
     * @param triggerActive whether the trigger route should run (false for paused and for
     *                      draft workflows that are only run by hand)
     */
    public synchronized void deploy(String workflowId, int version, Workflow workflow, boolean triggerActive) {
        // a draft whose webhook path another workflow holds is deployed without its trigger, so it still runs by hand
        boolean pathTaken = webhookPathTaken(workflowId, workflow);
        if (triggerActive && pathTaken) {
            throw webhookPathConflict(workflowId, workflow);
        }
        // the owner of a saved workflow never changes; what they may use is asked at each use
        String ownerId = store.workflows().get(workflowId).map(io.webops.history.WorkflowRecord::ownerId).orElse(null);
        Plan plan = Planner.plan(workflowId, version, workflow, ownerId, types, services.of(ownerId));
        String yaml = translator.translate(workflowId, version, workflow);
        Deployment previous = deployments.get(workflowId);
        String triggerYaml = translator.triggerYaml(workflowId, workflow);
        if (previous != null && previous.plan.version == version) {
            if (!pathTaken && !triggerYaml.isEmpty() && camel.getRoute(workflowId + ".trigger") == null) {
                loadRoutes(workflowId, "trigger", triggerYaml);
            }
            setTriggerActive(workflowId, triggerActive);
            return;
        }
        // an unchanged trigger keeps serving through the swap; its processor finds the new version
        boolean keepTrigger = previous != null && previous.triggerYaml.equals(triggerYaml)
                && camel.getRoute(workflowId + ".trigger") != null;
        List<String> beans = bindBeans(workflowId, plan);
        if (!keepTrigger) {
            removeTrigger(workflowId);
        }
        try {
            loadRoutes(workflowId, "v" + version, keepTrigger || pathTaken ? translator.translate(workflowId, version, workflow, false) : yaml);
        } catch (IllegalStateException e) {
            beans.forEach(nodeBeans::unbind);
            throw e;
        }
        for (NodePlan p : plan.nodes) {
            p.endpoint = camel.getEndpoint("direct:" + p.routeId);
        }
        AsyncProducer start;
        try {
            start = camel.getEndpoint(plan.startEndpoint()).createAsyncProducer();
            ServiceHelper.startService(start);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Deployment deployment = new Deployment(plan, yaml, triggerYaml, beans, start);
        deployments.put(workflowId, deployment);
        eventTriggers.subscribe(workflowId, workflow);
        writeRoutesFile(workflowId, yaml);
        setTriggerActive(workflowId, triggerActive);
        if (previous != null) {
            retire(previous);
        }
    }

    private void loadRoutes(String workflowId, String part, String yaml) {
        try {
            Resource resource = ResourceHelper.fromString(workflowId + "-" + part + ".yaml", yaml);
            synchronized (routeModel) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Workflow '" + workflowId + "' could not be deployed: " + e.getMessage(), e);
        }
    }

    /** Removes every route, bean and subscription of a workflow. */
    public synchronized void undeploy(String workflowId) {
        removeTrigger(workflowId);
        Deployment d = deployments.remove(workflowId);
        nodeBeans.unbind(workflowId + Beans.TRIGGER_SUFFIX);
        eventTriggers.unsubscribe(workflowId);
        if (d != null) {
            retire(d);
        }
    }

    public boolean deployed(String workflowId) {
        return deployments.containsKey(workflowId);
    }

    /** The workflows deployed on this instance. */
    public Set<String> deployedIds() {
        return Set.copyOf(deployments.keySet());
    }

    public Optional<String> routesYaml(String workflowId) {
        Deployment d = deployments.get(workflowId);
        return d == null ? Optional.empty() : Optional.of(d.yaml);
    }

    /** Starts or stops only the trigger route, keeping the workflow's other routes. */
    public void setTriggerActive(String workflowId, boolean active) {
        String routeId = workflowId + ".trigger";
        if (camel.getRoute(routeId) == null) {
            return;
        }
        try {
            if (active) {
                camel.getRouteController().startRoute(routeId);
            } else {
                camel.getRouteController().stopRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not " + (active ? "start" : "stop") + " the trigger of '" + workflowId + "'", e);
        }
    }

    private List<String> bindBeans(String workflowId, Plan plan) {
        List<String> names = new ArrayList<>();
        for (NodePlan p : plan.nodes) {
            nodeBeans.bind(p.routeId, new NodeProcessor(p, NodeProcessor.Phase.RUN_AND_COMPLETE, settings.maxNodeOutputBytes()));
            names.add(p.routeId);
            nodeBeans.bind(p.routeId + ".run", new NodeProcessor(p, NodeProcessor.Phase.RUN, settings.maxNodeOutputBytes()));
            names.add(p.routeId + ".run");
            Map<String, io.webops.expr.Expression> predicates = p.type.predicates(p.node);
            predicates.forEach((name, expression) -> {
                nodeBeans.bind(p.routeId + "." + name, SharedBeans.predicate(p, expression));
                names.add(p.routeId + "." + name);
            });
            if (!predicates.isEmpty()) {
                for (String handle : p.type.outputs()) {
                    nodeBeans.bind(p.routeId + ".on-" + handle, SharedBeans.completeOn(handle, settings.maxNodeOutputBytes()));
                    names.add(p.routeId + ".on-" + handle);
                }
            }
            for (Map.Entry<String, Object> bean : p.type.camelBeans(p.node).entrySet()) {
                nodeBeans.bind(p.routeId + "." + bean.getKey(), bean.getValue());
                names.add(p.routeId + "." + bean.getKey());
            }
        }
        nodeBeans.bind(workflowId + Beans.TRIGGER_SUFFIX, new TriggerProcessor(this, workflowId));
        return names;
    }

    private void retire(Deployment d) {
        d.retired = true;
        if (d.inFlight.get() == 0) {
            removeLater(d);
        }
    }

    /**
     * Removes a retired deployment's routes on a background thread: Camel's removeRoute looks at
     * every other route, so removing a large workflow takes a while and no caller should wait.
     */
    private void removeLater(Deployment d) {
        if (d.removed.compareAndSet(false, true)) {
            remover.execute(removerWorker.guard(() -> {
                try {
                    remove(d);
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove the routes of {}: {}", d.plan.prefix, e.getMessage());
                }
            }));
        }
    }

    private void remove(Deployment d) {
        removeRoute(d.plan.prefix + ".start");
        for (NodePlan p : d.plan.nodes) {
            removeRoute(p.routeId);
        }
        ModelCamelContext model = (ModelCamelContext) camel;
        synchronized (routeModel) {
            for (RouteConfigurationDefinition rc : new ArrayList<>(model.getRouteConfigurationDefinitions())) {
                if (rc.getId() != null && rc.getId().startsWith(d.plan.prefix + ".")) {
                    try {
                        model.removeRouteConfiguration(rc);
                    } catch (Exception e) {
                        LOG.warn("Could not remove route configuration {}", rc.getId(), e);
                    }
                }
            }
        }
        for (String bean : d.beanNames) {
            if (nodeBeans.unbind(bean) instanceof ExecutorService pool) {
                pool.shutdown();
            }
        }
        ServiceHelper.stopAndShutdownService(d.start);
    }

    /**
     * Removes the trigger route. A schedule's Quartz trigger goes with it: camel-quartz leaves it in a clustered job
     * store (for the other instances), but every instance follows the same saved status, so a trigger that one
     * instance removes (redeploy, disable, delete) is one no instance should keep firing as it was.
     */
    private void removeTrigger(String workflowId) {
        Route route = camel.getRoute(workflowId + ".trigger");
        if (route == null) {
            return;
        }
        Endpoint endpoint = route.getEndpoint();
        removeRoute(route.getRouteId());
        if (endpoint instanceof QuartzEndpoint quartz) {
            try {
                quartz.getComponent().getScheduler().unscheduleJob(quartz.getTriggerKey());
            } catch (SchedulerException e) {
                LOG.warn("Could not delete the schedule of {}: {}", workflowId, e.getMessage());
            }
        }
    }

    private void removeRoute(String routeId) {
        if (camel.getRoute(routeId) == null) {
            return;
        }
        try {
            camel.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
            synchronized (routeModel) {
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not remove route " + routeId, e);
        }
    }

    private void writeRoutesFile(String workflowId, String yaml) {
        if (settings.dataDir() == null) {
            return;
        }
        try {
            Path dir = settings.dataDir().resolve("routes");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(workflowId + ".camel.yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Could not write the generated routes of {}: {}", workflowId, e.getMessage());
        }
    }

    // ---- executions ----------------------------------------------------------------------

    /** A started execution: its id and the record it will end as. */
    public record Started(String id, CompletableFuture<ExecutionRecord> done, Run run) {
        /** The workflow timeout the execution runs under (of the version it started on). */
        public int timeoutSeconds() {
            return run.plan.workflow.settings().timeoutSeconds();
        }
    }

    /**
     * Starts an execution of the deployed version of a workflow and runs it on the calling
     * thread as far as it goes synchronously (a webhook's worker thread, a Quartz thread).
     */
    Started start(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        Started started = prepare(workflowId, input, triggerType, triggerData);
        launch(started.run());
        return started;
    }

    /** Starts an execution on a pool thread and returns at once (manual runs, retries, 202 webhooks). */
    public Started startInBackground(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        Started started = prepare(workflowId, input, triggerType, triggerData);
        background.execute(() -> launch(started.run()));
        return started;
    }

    /**
     * Starts a sub-workflow its parent will wait for, on a thread of its own: the parent's thread
     * is inside Camel's reactive loop, which would not run a nested execution while it waits.
     */
    public Started startChild(String workflowId, JsonNode input, JsonNode triggerData) {
        Started started = prepare(workflowId, input, "sub_workflow", triggerData);
        children.execute(() -> launch(started.run()));
        return started;
    }

    /** Creates the execution, records it as running and arms its timeout. */
    private Started prepare(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        Deployment d = deployments.get(workflowId);
        if (d == null) {
            throw new IllegalStateException("Workflow '" + workflowId + "' is not deployed");
        }
        Run run = new Run(ExecutionIds.next(), d, triggerType, triggerData, input, watch);
        d.inFlight.incrementAndGet();
        running.put(run.id, run);
        try {
            store.executions().started(run.record("running", null, null, null, null));
        } catch (RuntimeException | Error e) {
            // a value the store cannot write (its trigger data or input): the execution ends at once, never runs
            if (run.claimEnd()) {
                running.remove(run.id);
                ended(run, endUnstored(run, run.record("running", Instant.now(), null, null, null), e));
            }
        }
        return new Started(run.id, run.done, run);
    }

    /** Sends the execution into its start route: the roots get the input. */
    private void launch(Run run) {
        Deployment d = run.deployment;
        if (run.ended()) { // it could not be recorded, or was cancelled before it began
            released(d);
            return;
        }
        List<NodePlan> roots = new ArrayList<>(d.plan.roots.size());
        for (NodePlan root : d.plan.roots) {
            run.root.state(root).arrivals.set(0, run.input);
            roots.add(root);
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Exchanges.SCOPE, run.root);
        exchange.setProperty(Exchanges.NEXT, SharedBeans.endpoints(roots));
        try {
            d.start.process(exchange, doneSync -> {
                if (exchange.getException() != null || !run.ended()) {
                    finish(run, exchange.getException());
                }
                released(d);
            });
        } catch (RuntimeException | Error e) { // an Error too: the execution must end, whatever broke
            finish(run, e);
            released(d);
        }
    }

    private void released(Deployment d) {
        if (d.inFlight.decrementAndGet() == 0 && d.retired) {
            removeLater(d);
        }
    }

    /** Ends an execution whose graph has run (or broke): success, or failed with its first failure. */
    void finish(Run run, Throwable unexpected) {
        if (unexpected != null) {
            run.fail(new Run.Failure("Execution failed: " + SharedBeans.message(unexpected), SharedBeans.traceback(unexpected), Json.object()));
        }
        if (!run.claimEnd()) {
            return;
        }
        Run.Failure f = run.failure();
        ExecutionRecord record = f == null
                ? run.record("success", Instant.now(), run.output(), null, null)
                : run.record("failed", Instant.now(), run.output(), f.message(), f.traceback());
        end(run, record);
    }

    /** The secret values of a plan's credentials (from the vault's short cache). */
    private java.util.List<String> secretsOf(Plan plan) {
        java.util.List<String> secrets = new ArrayList<>();
        for (String id : plan.credentialIds) {
            try {
                secrets.addAll(settings.credentials().open(id, null).secretValues());
            } catch (RuntimeException gone) {
                // a credential deleted meanwhile: nothing of it can be in this run's record
            }
        }
        return secrets;
    }

    private void endOverdue() {
        long now = System.nanoTime();
        for (Run run : running.values()) {
            if (now - run.deadlineNanos > 0) {
                stop(run, Run.Stop.TIMEOUT);
            }
        }
    }

    private void stop(Run run, Run.Stop reason) {
        if (!run.stop(reason) || !run.claimEnd()) {
            return;
        }
        String status = reason == Run.Stop.TIMEOUT ? "timeout" : "cancelled";
        String message = reason == Run.Stop.TIMEOUT
                ? "Execution exceeded the workflow timeout of " + run.plan.workflow.settings().timeoutSeconds() + " s"
                : "Execution was cancelled";
        end(run, run.record(status, Instant.now(), null, message, null));
    }

    private void end(Run run, ExecutionRecord unscrubbed) {
        running.remove(run.id);
        ended(run, stored(run, unscrubbed));
    }

    /** Tells whoever waits for or follows the execution that it ended as recorded. */
    private void ended(Run run, ExecutionRecord record) {
        run.done.complete(record);
        watch.changed(run.id, () -> record);
        eventTriggers.publish(record);
    }

    /** Writes the execution's final record and returns it as written. */
    private ExecutionRecord stored(Run run, ExecutionRecord unscrubbed) {
        try {
            ExecutionRecord record = run.plan.credentialIds.isEmpty() ? unscrubbed : Redaction.scrub(unscrubbed, secretsOf(run.plan));
            store.executions().finished(record);
            return record;
        } catch (RuntimeException | Error e) {
            return endUnstored(run, unscrubbed, e);
        }
    }

    /**
     * The record of an execution could not be written (a value the store cannot take, a history store that broke):
     * it ends {@code failed} saying so, without the data, so that nothing waits for it and no row stays running.
     */
    private ExecutionRecord endUnstored(Run run, ExecutionRecord record, Throwable failure) {
        ExecutionRecord failed = record.unstorable(SharedBeans.message(failure));
        if (!run.plan.credentialIds.isEmpty()) {
            failed = Redaction.scrub(failed, secretsOf(run.plan));
        }
        LOG.warn("Execution {} of {}: {}", record.id(), record.workflowId(), failed.errorMessage());
        try {
            store.executions().finished(failed);
        } catch (RuntimeException | Error e) {
            LOG.error("Execution {} of {} could not be recorded at all: {}", record.id(), record.workflowId(),
                    SharedBeans.message(e));
        }
        return failed;
    }

    /** The record of an execution still running, as it stands. */
    public Optional<ExecutionRecord> live(String executionId) {
        Run run = running.get(executionId);
        return run == null ? Optional.empty() : Optional.of(run.record("running", null, null, null, null));
    }

    public boolean cancel(String executionId) {
        Run run = running.get(executionId);
        if (run == null) {
            return false;
        }
        stop(run, Run.Stop.CANCELLED);
        return true;
    }

    /** The trigger of the deployed version (the trigger route is shared by versions). */
    /** The largest node output, in bytes of JSON. */
    long maxNodeOutputBytes() {
        return settings.maxNodeOutputBytes();
    }

    /** Token buckets per webhook path (0 s to wait: the request may pass). */
    io.webops.security.RateLimiter webhookRate() {
        return webhookRate;
    }

    /** HMAC signatures already accepted, to refuse replays inside the timestamp window. */
    ReplayGuard webhookReplays() {
        return webhookReplays;
    }

    io.webops.model.Trigger currentTrigger(String workflowId) {
        Deployment d = deployments.get(workflowId);
        if (d == null) {
            throw new IllegalStateException("Workflow '" + workflowId + "' is not deployed");
        }
        return d.plan.workflow.trigger();
    }

    /** One node's counters, for the Prometheus endpoint. */
    public record NodeMetrics(String workflowId, String nodeId, String type, long succeeded, long failed, double seconds) {
    }

    /** The counters of every deployed node since its version was deployed. */
    public List<NodeMetrics> nodeMetrics() {
        List<NodeMetrics> out = new ArrayList<>();
        for (Deployment d : deployments.values()) {
            for (NodePlan p : d.plan.nodes) {
                out.add(new NodeMetrics(d.plan.workflowId, p.id(), p.type.id(), p.succeeded.sum(), p.failed.sum(),
                        p.nanos.sum() / 1e9));
            }
        }
        return out;
    }

    /** Adds a background loop of the runtime to those health reports on. */
    public void monitor(Worker worker) {
        workers.add(worker);
    }

    /** The background loops of the runtime, for health. */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Follows executions as they run (the canvas's live view). */
    public ExecutionWatch watch() {
        return watch;
    }

    public int runningCount() {
        return running.size();
    }

    /** Waits until every retired deployment's routes are gone (benchmarks, orderly shutdown). */
    public void awaitRemovals() {
        try {
            remover.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the engine's threads; routes still being removed are finished first, while Camel runs. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        background.shutdown();
        children.shutdown();
        remover.shutdown();
        try {
            if (!remover.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("Retired routes were still being removed at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
