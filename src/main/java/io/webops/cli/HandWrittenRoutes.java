package io.webops.cli;

import io.webops.translate.Translator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own routes: each {@code *.camel.yaml} of the {@code WEBOPS_ROUTES} folder, loaded into the started
 * context one file at a time, so a file Camel refuses stops the start with its name. Generated workflow YAML is
 * never one of them (its routes call beans only the workflow's deployment binds): a file that starts with the
 * translator's header is skipped, as is the folder of generated copies, wherever the setting points.
 */
final class HandWrittenRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(HandWrittenRoutes.class);

    private HandWrittenRoutes() {
    }

    /** Loads the hand-written files of {@code routesDir}, in name order; a folder that does not exist holds none. */
    static void load(CamelContext camel, Path routesDir, Path generatedDir) {
        Path dir = routesDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (isSameFolder(dir, generatedDir)) {
            LOG.warn("WEBOPS_ROUTES {} is the folder of generated workflow routes: none of its files is loaded as a"
                    + " hand-written route", dir);
            return;
        }
        for (Path file : yamlFiles(dir)) {
            if (isGenerated(file)) {
                LOG.warn("Skipped {}: a workflow's generated YAML (it starts with the translator's header), not a"
                        + " hand-written route", file);
            } else {
                loadFile(camel, file);
            }
        }
    }

    private static void loadFile(CamelContext camel, Path file) {
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file));
        } catch (Exception e) {
            throw new Failure("Hand-written route file " + file + " could not be loaded: " + reason(e), e);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new Failure("Hand-written routes folder " + dir + " could not be read: " + e, e);
        }
    }

    /** The header is ASCII: read as Latin-1 any bytes decode, and a file in another encoding is left to Camel. */
    private static boolean isGenerated(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = in.readLine();
            String second = in.readLine();
            return first != null && second != null && Translator.isGenerated(first + "\n" + second);
        } catch (IOException e) {
            throw new Failure("Hand-written route file " + file + " could not be read: " + e, e);
        }
    }

    private static boolean isSameFolder(Path dir, Path generatedDir) {
        try {
            return dir.equals(generatedDir.toAbsolutePath().normalize())
                    || Files.isDirectory(generatedDir) && Files.isSameFile(dir, generatedDir);
        } catch (IOException e) {
            throw new Failure("Hand-written routes folder " + dir + " could not be read: " + e, e);
        }
    }

    /**
     * Camel's reason on one line: the root cause's message, or the outermost one that still carries it (Camel's
     * "Failed to create route ... because: ..." says where, its "Error pre-parsing resource" wrapper says nothing).
     */
    private static String reason(Throwable e) {
        List<String> messages = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null) {
                messages.add(oneLine(t.getMessage()));
            }
        }
        String reason = null;
        for (int i = messages.size() - 1; i >= 0 && (reason == null || messages.get(i).contains(reason)); i--) {
            reason = messages.get(i);
        }
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    /** A YAML parser's message spans lines: a quoted snippet and a caret under it, which points nowhere on one line. */
    private static String oneLine(String message) {
        return message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("^"))
                .collect(Collectors.joining(" "));
    }

    /** A hand-written route file, or their folder, that could not be read or loaded: the message names it and why. */
    static final class Failure extends IllegalStateException {

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
