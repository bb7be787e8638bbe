package io.webops.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Workflow documents kept as test resources, found by folder so that adding a file adds a case. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The folder of a test resource path such as {@code validation/invalid}. */
    public static Path folder(String resource) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The workflow documents of a folder: every {@code *.json} that is not an {@code *.expected.json}. */
    public static List<Path> workflows(String resource) {
        try (Stream<Path> files = Files.list(folder(resource))) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expected.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String name(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** The file beside {@code file} with the same name and another ending, e.g. {@code .expected.json}. */
    public static Path beside(Path file, String ending) {
        return file.resolveSibling(name(file) + ending);
    }

    public static JsonNode json(Path file) {
        try {
            return Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
