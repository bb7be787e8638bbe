package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Instances;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.nodes.Beans;
import io.webops.nodes.NodeTypes;
import io.webops.translate.Translator;
import io.webops.triggers.ReplayGuard;
import io.webops.triggers.TriggerKinds;
import io.webops.workers.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's front door inside the one CamelContext. It deploys a workflow version (plan, beans, generated routes,
 * retiring the previous version once its executions are done) and wires the parts that do the rest: {@link
 * WorkflowRoutes} loads and removes routes, {@link ExecutionLifecycle} starts and ends executions, {@link
 * EventTriggers} starts the workflows that follow one that ended, {@link DeploymentServices} gives node executors
 * their services under the ownership rule.
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
    private final WorkflowRoutes routes;
    /** The background loops health reports on: the engine's own and those others hand it ({@link #monitor}). */
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final EventTriggers eventTriggers;
    private final ExecutionLifecycle executions;
    private final io.webops.security.RateLimiter webhookRate;
    private final ReplayGuard webhookReplays;
    /** The request body limit of a webhook that sets none of its own ({@code webops.webhook.max.body.bytes}). */
    private volatile long webhookBodyLimit = DEFAULT_WEBHOOK_BODY_LIMIT;

    /** The default of {@code webops.webhook.max.body.bytes}: 1 MiB. */
    private static final long DEFAULT_WEBHOOK_BODY_LIMIT = 1024 * 1024;

    public Engine(CamelContext camel, Store store, NodeTypes types, EngineSettings settings) {
        this.camel = camel;
        this.routes = new WorkflowRoutes(camel, nodeBeans);
        this.store = store;
        this.webhookReplays = new ReplayGuard(store.webhookReplays());
        this.types = types;
        this.settings = settings;
        this.translator = new Translator(types, settings.retry());
        this.webhookRate = new io.webops.security.RateLimiter(settings.webhookPerSecond(), settings.webhookPerSecond());
        ExecutorService background = camel.getExecutorServiceManager().newThreadPool(this, "webops-runs", 4, 64);
        ExecutorService children = camel.getExecutorServiceManager().newCachedThreadPool(this, "webops-sub-workflows");
        this.services = new DeploymentServices(camel, store, settings);
        this.eventTriggers = new EventTriggers(camel, deployments::get, background, services);
        this.executions = new ExecutionLifecycle(camel, store, settings, deployments::get, routes, eventTriggers,
                background, children);
        addNodeBeans(camel);
        // the stock ftp, sftp and Artemis Kamelets connect through the SSRF guard, like every other outbound call
        io.webops.kamelets.guard.ConnectionGuards.install(camel, settings.ssrfGuard());
        if (camel.getManagementStrategy() != null) {
            camel.getManagementStrategy().setManagementObjectStrategy(new DirectEndpointsUnmanaged());
        }
        // Camel's JMX agent takes the assembler when it starts: the server creates the engine before Camel starts
        RouteMBeanInfos mbeans = new RouteMBeanInfos(camel);
        ServiceHelper.startService(mbeans);
        camel.getCamelContextExtension().setManagementMBeanAssembler(mbeans);
        new SharedBeans(this).bindTo(camel.getRegistry());
        NodeHistory.registerOn(camel);
        monitor(executions.overdueWorker());
        monitor(routes.removerWorker());
        monitor(store.executions().writerWorker());
    }

    /** A deployment that cannot be made as asked: the API answers 409 with its message. */
    /** No execution starts: the instance is stopping. Whoever asked may retry after {@link #retryAfterSeconds}. */
    public static final class Stopping extends RuntimeException {
        private final long retryAfterSeconds;

        Stopping(long retryAfterSeconds) {
            super("This instance is stopping: no execution starts here any more; retry in " + retryAfterSeconds + " s",
                    null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

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

    /** The request body limit of the webhooks whose trigger sets no {@code max_body_bytes}: the port's. */
    public void useWebhookBodyLimit(long maxBytes) {
        webhookBodyLimit = maxBytes;
    }

    /** Puts the node beans' repository in front of the context's registry, keeping what is bound there. */
    private void addNodeBeans(CamelContext camel) {
        if (!(camel.getRegistry() instanceof org.apache.camel.support.DefaultRegistry current)) {
            throw new IllegalStateException("Unexpected Camel registry " + camel.getRegistry().getClass());
        }
        // the generated YAML's beans: section declares node beans through this repository (NodeBean.of)
        current.bind(Beans.NODES, nodeBeans);
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
    public synchronized void deploy(String workflowId, int version, Workflow saved, boolean triggerActive) {
        Workflow workflow = io.webops.kamelets.KameletSources.effective(saved, types); // a source node triggers
        // a draft whose webhook path another workflow holds is deployed without its trigger, so it still runs by hand
        boolean pathTaken = webhookPathTaken(workflowId, workflow);
        if (triggerActive && pathTaken) {
            throw webhookPathConflict(workflowId, workflow);
        }
        // the owner of a saved workflow never changes; what they may use is asked at each use
        String ownerId = store.workflows().get(workflowId).map(io.webops.history.WorkflowRecord::ownerId).orElse(null);
        io.webops.nodes.NodeServices nodeServices = services.of(ownerId);
        Plan plan = Planner.plan(workflowId, version, workflow, ownerId, types, nodeServices);
        String yaml = translator.translate(workflowId, version, workflow);
        Deployment previous = deployments.get(workflowId);
        String triggerYaml = translator.triggerYaml(workflowId, version, workflow);
        if (previous != null && previous.plan.version == version) {
            if (!pathTaken && !triggerYaml.isEmpty() && camel.getRoute(workflowId + ".trigger") == null) {
                routes.load(workflowId, "trigger", triggerYaml);
            }
            setTriggerActive(workflowId, triggerActive);
            return;
        }
        // an unchanged trigger keeps serving through the swap; its processor finds the new version
        boolean keepTrigger = previous != null && previous.triggerYaml.equals(triggerYaml)
                && camel.getRoute(workflowId + ".trigger") != null;
        List<String> beans = bindBeans(workflowId, plan, nodeServices);
        if (!keepTrigger) {
            routes.removeTrigger(workflowId);
        }
        try {
            routes.load(workflowId, "v" + version, keepTrigger || pathTaken ? translator.translate(workflowId, version, workflow, false) : yaml);
        } catch (IllegalStateException e) {
            beans.forEach(nodeBeans::unbind);
            throw e;
        }
        AsyncProducer start = startProducer(plan);
        Deployment deployment = new Deployment(plan, yaml, triggerYaml, beans, start);
        deployments.put(workflowId, deployment);
        eventTriggers.subscribe(workflowId, workflow);
        writeRoutesFile(workflowId, yaml);
        setTriggerActive(workflowId, triggerActive);
        if (previous != null) {
            retire(previous);
        }
    }

    /**
     * Makes a workflow version runnable whose routes someone else loads: a stock Camel application started by
     * {@code org.apache.camel.main.Main} on the exported YAML, which names this engine in its {@code beans:} section.
     * Binds the beans the routes refer to (node processors, the trigger's) and keeps the plan the executions run on.
     */
    public synchronized void adopt(String workflowId, int version, Workflow saved) {
        Workflow workflow = io.webops.kamelets.KameletSources.effective(saved, types);
        io.webops.nodes.NodeServices nodeServices = services.of(null);
        Plan plan = Planner.plan(workflowId, version, workflow, null, types, nodeServices);
        List<String> beans = bindBeans(workflowId, plan, nodeServices);
        AsyncProducer start = startProducer(plan);
        deployments.put(workflowId, new Deployment(plan, translator.translate(workflowId, version, workflow),
                translator.triggerYaml(workflowId, version, workflow), beans, start));
        eventTriggers.subscribe(workflowId, workflow);
    }

    /** The producer executions of a plan are sent into its start route with. */
    private AsyncProducer startProducer(Plan plan) {
        try {
            AsyncProducer start = camel.getEndpoint(plan.startEndpoint()).createAsyncProducer();
            ServiceHelper.startService(start);
            return start;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes every route, bean and subscription of a workflow. */
    public synchronized void undeploy(String workflowId) {
        routes.removeTrigger(workflowId);
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
        // a source Kamelet's own route feeds the trigger route: it starts after it and stops before it
        String sourceRouteId = workflowId + io.webops.nodes.Beans.TRIGGER_SOURCE_ROUTE;
        boolean hasSource = camel.getRoute(sourceRouteId) != null;
        try {
            if (active) {
                camel.getRouteController().startRoute(routeId);
                if (hasSource) {
                    camel.getRouteController().startRoute(sourceRouteId);
                }
            } else {
                if (hasSource) {
                    camel.getRouteController().stopRoute(sourceRouteId);
                }
                camel.getRouteController().stopRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not " + (active ? "start" : "stop") + " the trigger of '" + workflowId + "'", e);
        }
    }

    private List<String> bindBeans(String workflowId, Plan plan, io.webops.nodes.NodeServices nodeServices) {
        List<String> names = new ArrayList<>();
        for (NodePlan p : plan.nodes) {
            nodeBeans.bind(p.routeId, new NodeProcessor(p, NodeProcessor.Phase.RUN_AND_COMPLETE, settings.maxNodeOutputBytes()));
            names.add(p.routeId);
            nodeBeans.bind(p.routeId + ".run", new NodeProcessor(p, NodeProcessor.Phase.RUN, settings.maxNodeOutputBytes()));
            names.add(p.routeId + ".run");
            nodeBeans.bind(p.routeId + ".ready", SharedBeans.ready(p));
            names.add(p.routeId + ".ready");
            nodeBeans.bind(p.routeId + ".answer", SharedBeans.answer(p, settings.maxNodeOutputBytes()));
            names.add(p.routeId + ".answer");
            if (p.ownRegion != null) {
                nodeBeans.bind(p.routeId + ".gathered", SharedBeans.gathered(p));
                names.add(p.routeId + ".gathered");
            }
            Map<String, io.webops.expr.Condition> predicates = p.type.predicates(p.node);
            predicates.forEach((name, expression) -> {
                nodeBeans.bind(p.routeId + "." + name, SharedBeans.predicate(p, expression));
                names.add(p.routeId + "." + name);
            });
            if (!predicates.isEmpty()) {
                for (String handle : p.type.outputs()) {
                    nodeBeans.bind(p.routeId + ".on-" + handle, SharedBeans.completeOn(handle, settings.maxNodeOutputBytes()));
                    names.add(p.routeId + ".on-" + handle);
                    nodeBeans.bind(p.routeId + ".took-" + handle, SharedBeans.took(handle));
                    names.add(p.routeId + ".took-" + handle);
                }
            }
            for (Map.Entry<String, Object> bean : p.type.camelBeans(p.node, nodeServices).entrySet()) {
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
            routes.removeLater(d);
        }
    }

    /**
     * Where each deployed workflow's generated YAML is copied for people to read: {@code <data>/generated}, never
     * a folder of hand-written routes, so that no start loads a copy back as a route of its own.
     */
    public static Path generatedDir(Path dataDir) {
        return dataDir.resolve("generated");
    }

    private void writeRoutesFile(String workflowId, String yaml) {
        if (settings.dataDir() == null) {
            return;
        }
        try {
            Path dir = generatedDir(settings.dataDir());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(workflowId + ".camel.yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Could not write the generated routes of {}: {}", workflowId, e.getMessage());
        }
    }

    // ---- executions ----------------------------------------------------------------------

    /** A started execution: its id and the record it will end as. */
    /** {@code recorded} completes once the started record is committed (at once unless started durably). */
    public record Started(String id, CompletableFuture<ExecutionRecord> done, Run run, CompletableFuture<Void> recorded) {
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
        return executions.start(workflowId, input, triggerType, triggerData);
    }

    /** Starts an execution on a pool thread and returns at once (manual runs, retries, 202 webhooks). */
    public Started startInBackground(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        return executions.startInBackground(workflowId, input, triggerType, triggerData, false);
    }

    /**
     * Runs an ended execution's workflow again from {@code fromNode} on its deployed version: the nodes before it give
     * what they produced in {@code from} instead of running ({@link PartialRun#replay}). Trigger type {@code replay};
     * the trigger data is {@code from}'s with {@code replay: {of, from_node}}.
     *
     * @throws PartialRun.Refused when a node before it cannot give its output (it failed, or was not kept whole)
     * @throws IllegalArgumentException when {@code fromNode} is not a node of the deployed version
     */
    public Started replay(ExecutionRecord from, String fromNode) {
        ObjectNode triggerData = from.triggerData() instanceof ObjectNode o ? o.deepCopy() : Json.object();
        triggerData.putObject("replay").put("of", from.id()).put("from_node", fromNode);
        return executions.startPartial(from.workflowId(), from.input(), "replay", triggerData,
                plan -> PartialRun.replay(plan, from, fromNode));
    }

    /**
     * A test run from the editor on the deployed version ({@link PartialRun#test}): pinned nodes give their pin; with
     * {@code toNode} only it and its ancestors run, with {@code single} only it (its ancestors give their pin or what
     * they produced in {@code recorded}). Trigger type {@code test}.
     */
    public Started testRun(String workflowId, JsonNode input, JsonNode pins, String toNode, boolean single,
                           ExecutionRecord recorded) {
        ObjectNode triggerData = Json.object().put("method", "POST");
        ObjectNode test = triggerData.putObject("test_run");
        test.put("to_node", toNode).put("single", single);
        if (recorded != null && single) {
            test.put("from_execution", recorded.id());
        }
        return executions.startPartial(workflowId, input, "test", triggerData,
                plan -> PartialRun.test(plan, pins, toNode, single, recorded));
    }

    /**
     * As {@link #startInBackground}, for a caller that announces the execution (a 202 webhook): {@link Started#recorded}
     * completes once its started record is committed, so that a crash after the answer cannot lose it.
     */
    Started startDurably(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        return executions.startInBackground(workflowId, input, triggerType, triggerData, true);
    }

    /**
     * At start-up, once the stored workflows are deployed: the executions this instance left running when its process
     * died. Those nobody waits for (a 202 webhook's, a schedule's, an event's) run again from their start under their
     * own id, on the workflow's deployed version; the others (a waiting caller is gone) end failed, interrupted.
     * Answers how many were resumed.
     */
    public int resumeInterrupted() {
        List<ExecutionRecord> left = store.executions().interrupted();
        Set<String> resumed = resume(left);
        int ended = store.executions().endInterrupted(resumed);
        if (!left.isEmpty()) {
            LOG.info("{} execution(s) left running by this instance: {} resumed, {} ended as interrupted", left.size(),
                    resumed.size(), ended);
        }
        return resumed.size();
    }

    /**
     * The executions this instance took over from {@code dead}, whose lease expired ({@link Instances#claim}): as at
     * start-up, those nobody waits for run again from their start, the others end failed, interrupted.
     */
    public int takeOver(String dead, List<ExecutionRecord> claimed) {
        Set<String> resumed = resume(claimed);
        List<String> ended = new ArrayList<>();
        for (ExecutionRecord r : claimed) {
            if (!resumed.contains(r.id())) {
                ended.add(r.id());
            }
        }
        int endedCount = store.executions().endTakenOver(ended);
        LOG.warn("Instance {} stopped beating: took over its {} execution(s), {} resumed, {} ended as interrupted", dead,
                claimed.size(), resumed.size(), endedCount);
        return resumed.size();
    }

    private Set<String> resume(List<ExecutionRecord> left) {
        Set<String> resumed = new HashSet<>();
        for (ExecutionRecord r : left) {
            Deployment d = deployments.get(r.workflowId());
            if (d == null || !ExecutionLifecycle.unattended(r.triggerType(), d.plan.workflow.trigger())) {
                continue;
            }
            ExecutionRecord whole = r;
            if (io.webops.history.TruncatedValues.isMarker(r.input())) {
                Optional<JsonNode> kept = store.executions().largeInput(r.id());
                if (kept.isEmpty()) {
                    LOG.warn("Execution {} of {} is not resumed: its input was larger than WEBOPS_HISTORY_MAX_VALUE_BYTES"
                            + " and this instance does not have it whole; it ends as interrupted", r.id(), r.workflowId());
                    continue;
                }
                whole = r.withInput(kept.get());
            }
            if (executions.resume(whole)) {
                resumed.add(r.id());
            }
        }
        return resumed;
    }

    /**
     * After this instance's lease was found expired and its executions taken over by another instance: the ones still
     * running here that were taken over stop (their records are the other instance's now). Answers how many.
     */
    public int haltTakenOver() {
        Set<String> taken = store.instances().takenOver(executions.runningIds());
        return executions.halt(taken);
    }

    /** See {@link ExecutionLifecycle#leaveForResume}: a schedule's or an event's firing while this instance stops. */
    String leaveForResume(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        return executions.leaveForResume(workflowId, input, triggerType, triggerData);
    }

    /** Starts a sub-workflow its parent will wait for, on a thread of its own. */
    public Started startChild(String workflowId, JsonNode input, JsonNode triggerData) {
        return executions.startChild(workflowId, input, triggerData);
    }

    /** Ends an execution whose graph has run (or broke): success, or failed with its first failure. */
    void finish(Run run, Throwable unexpected) {
        executions.finish(run, unexpected);
    }

    /** The record of an execution still running, as it stands. */
    public Optional<ExecutionRecord> live(String executionId) {
        return executions.live(executionId);
    }

    public boolean cancel(String executionId) {
        return executions.cancel(executionId);
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

    long webhookBodyLimit() {
        return webhookBodyLimit;
    }

    io.webops.model.Trigger currentTrigger(String workflowId) {
        Deployment d = deployments.get(workflowId);
        if (d == null) {
            throw new IllegalStateException("Workflow '" + workflowId + "' is not deployed");
        }
        return d.plan.workflow.trigger();
    }

    /** One node's own time, for the Prometheus endpoint (its runs are counted by Camel's route metrics). */
    public record NodeMetrics(String workflowId, String nodeId, String type, double seconds) {
    }

    /** The own time of every deployed node since its version was deployed. */
    public List<NodeMetrics> nodeMetrics() {
        List<NodeMetrics> out = new ArrayList<>();
        for (Deployment d : deployments.values()) {
            for (NodePlan p : d.plan.nodes) {
                out.add(new NodeMetrics(d.plan.workflowId, p.id(), p.type.id(), p.nanos.sum() / 1e9));
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
        return executions.watch();
    }

    /**
     * The first step of a graceful stop: no execution starts any more (webhooks answer 503 with Retry-After), the
     * running ones get {@code drain} to end; then those nobody waits for are left to be resumed at the next start,
     * the others end failed saying the instance stopped.
     */
    public void drain(Duration drain) {
        executions.drain(drain);
    }

    /** While the instance is stopping, the seconds a webhook caller should wait before retrying; 0 otherwise. */
    public long stoppingRetryAfter() {
        return executions.stoppingRetryAfter();
    }

    public int runningCount() {
        return executions.runningCount();
    }

    /** Waits until every retired deployment's routes are gone (benchmarks, orderly shutdown). */
    public void awaitRemovals() {
        routes.awaitRemovals();
    }

    /** Stops the engine's threads; routes still being removed are finished first, while Camel runs. */
    @Override
    public void close() {
        executions.close();
        routes.close();
    }
}
