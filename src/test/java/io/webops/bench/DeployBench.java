package io.webops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.translate.Translator;
import io.webops.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Validate, translate and deploy time of generated graphs (bench/deploy.sh), in-process, on a
 * DefaultCamelContext and an in-memory store, the engine created before Camel starts as the server does.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/bench-cp.txt) io.webops.bench.DeployBench [sizes] [warmup] [reps]</pre>
 *
 * Phases, each timed on its own: validate = parse the document text and run the Validator;
 * translate = the Translator alone; deploy = Engine.deploy (plans, translates again, loads the
 * YAML routes and starts them); then redeploy = Engine.deploy of version 2 while version 1 is
 * deployed, retire v1 = until version 1's routes are gone (the background remover), undeploy =
 * until version 2's routes are gone. Every repetition deploys under a new workflow id into the
 * same context and undeploys it afterwards.
 * After the repetitions, one execution of each size is run as a sanity check. Not a test.
 */
public final class DeployBench {

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10,100,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dump = Path.of(System.getProperty("bench.dump", "/tmp/webops-bench-graphs"));
        Files.createDirectories(dump);

        NodeTypes types = NodeTypes.standard();
        Validator validator = new Validator(types);
        Translator translator = new Translator(types, RetryPolicy.DEFAULT);
        List<String> rows = new ArrayList<>();
        try (DefaultCamelContext camel = new io.webops.runtime.WorkflowCamelContext(); Store store = Store.inMemory()) {
            // as the server runs it (io.webops.cli.Server): route MBeans only
            camel.getManagementStrategy().getManagementAgent()
                    .setMBeansLevel(org.apache.camel.ManagementMBeansLevel.RoutesOnly);
            // the engine before Camel starts, as the server wires it (io.webops.cli.Server, afterConfigure): its
            // management settings are taken when Camel's JMX agent starts
            try (Engine engine = new Engine(camel, store, types,
                    new EngineSettings(null, SsrfGuard.fromSetting(""), RetryPolicy.DEFAULT))) {
                camel.start();
                int seq = 0;
                for (int size : sizes) {
                    ObjectNode doc = GraphGeneratorBench.generate(size, 42L + size);
                    String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
                    Files.writeString(dump.resolve("graph-" + size + ".json"), text);
                    int connections = doc.get("connections").size();
                    long[] v = new long[reps], t = new long[reps], d = new long[reps], r = new long[reps], x = new long[reps];
                    long[] u = new long[reps];
                    int yamlBytes = 0;
                    Workflow last = null;
                    String lastId = null;
                    for (int i = -warmup; i < reps; i++) {
                        System.gc();
                        String id = "bench-" + size + "-" + (seq++);
                        long t0 = System.nanoTime();
                        Validator.Result result = validator.validate(Json.parse(text));
                        long t1 = System.nanoTime();
                        if (!result.valid()) {
                            result.errors().forEach(e -> System.err.println(e.message()));
                            throw new IllegalStateException("generated graph of " + size + " nodes is invalid");
                        }
                        String yaml = translator.translate(id, 1, result.workflow());
                        long t2 = System.nanoTime();
                        engine.deploy(id, 1, result.workflow(), true);
                        long t3 = System.nanoTime();
                        // a new version while the first still runs; the first is retired in the background
                        engine.deploy(id, 2, result.workflow(), true);
                        long t4 = System.nanoTime();
                        awaitGone(engine, camel, id + ".v1.start");
                        long t5 = System.nanoTime();
                        if (i < reps - 1) {
                            undeploy(engine, camel, id);
                        }
                        long t6 = System.nanoTime();
                        if (i >= 0) {
                            v[i] = t1 - t0;
                            t[i] = t2 - t1;
                            d[i] = t3 - t2;
                            r[i] = t4 - t3;
                            x[i] = t5 - t4;
                            u[i] = t6 - t5;
                        }
                        yamlBytes = yaml.length();
                        last = result.workflow();
                        lastId = id;
                    }
                    // sanity: one execution of the last deployment
                    long r0 = System.nanoTime();
                    ExecutionRecord rec = engine.startInBackground(lastId, GraphGeneratorBench.input(), "manual", Json.object())
                            .done().get(120, TimeUnit.SECONDS);
                    long r1 = System.nanoTime();
                    long ran = rec.nodeLogs().stream().filter(l -> "success".equals(l.status())).count();
                    long skipped = rec.nodeLogs().stream().filter(l -> "skipped".equals(l.status())).count();
                    long u0 = System.nanoTime();
                    undeploy(engine, camel, lastId);
                    u[reps - 1] = System.nanoTime() - u0;
                    long[] total = new long[reps];
                    for (int i = 0; i < reps; i++) {
                        total[i] = v[i] + t[i] + d[i];
                    }
                    rows.add(String.format(Locale.ROOT,
                            "| %5d | %5d | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %7d | %s, %d ran, %d skipped, %.1f ms |",
                            size, connections, ms(v), ms(t), ms(d), ms(total), ms(r), ms(x), ms(u), yamlBytes,
                            rec.status(), ran, skipped, (r1 - r0) / 1e6));
                    System.out.println(rows.get(rows.size() - 1) + "   (" + last.nodes().size() + " nodes)");
                }
            }
        }
        System.out.println();
        System.out.printf("median (min) in ms over %d repetitions after %d warm-up repetitions%n", reps, warmup);
        System.out.println("| nodes | conns | validate | translate | deploy | v+t+d total | redeploy | retire v1 | undeploy | yaml chars"
                + " | one execution |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * Undeploys and waits until the routes are gone: a version whose last execution is still finishing is removed
     * when it ends, after awaitRemovals may already have returned.
     */
    private static void undeploy(Engine engine, DefaultCamelContext camel, String id) throws InterruptedException {
        engine.undeploy(id);
        awaitGone(engine, camel, id + ".v2.start");
    }

    private static void awaitGone(Engine engine, DefaultCamelContext camel, String routeId) throws InterruptedException {
        engine.awaitRemovals();
        while (camel.getRoute(routeId) != null) {
            Thread.sleep(1);
            engine.awaitRemovals();
        }
    }

    private static String ms(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        return String.format(Locale.ROOT, "%.2f (%.2f)", median / 1e6, s[0] / 1e6);
    }
}
