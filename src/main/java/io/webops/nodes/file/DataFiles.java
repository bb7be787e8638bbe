package io.webops.nodes.file;

import io.webops.nodes.NodeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files folder the file nodes are confined to, {@code <data>/files}, with java.nio rather than
 * camel-file: the user's path is a template rendered per run, and camel-file would take it as a
 * header with no containment of its own. A path must be relative, without {@code ..}; it is
 * resolved against the folder's real path, every existing part of it must really lie inside
 * (links out are refused), missing folders are created one by one after that check, and the file
 * itself is opened with {@code NOFOLLOW_LINKS}. Nothing is URL-decoded: {@code %2e%2e} is a name.
 */
final class DataFiles {

    /** Files larger than this are not read into a node's output. */
    static final long MAX_READ_BYTES = 32L * 1024 * 1024;

    private final Path root;

    DataFiles(Path dataDir) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("files");
    }

    /** The file's bytes. */
    byte[] read(String nodeId, String path) {
        return read(nodeId, path, false);
    }

    /** The first 64 KB of the file (enough for a CSV header). */
    byte[] head(String nodeId, String path) {
        return read(nodeId, path, true);
    }

    private byte[] read(String nodeId, String path, boolean headOnly) {
        Path target = inside(nodeId, path);
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(realRoot())) {
                throw refused(nodeId, path, "leads out of the files folder through a link");
            }
            if (!headOnly && Files.size(real) > MAX_READ_BYTES) {
                throw NodeFailure.data("Node '" + nodeId + "': file '" + path + "' is larger than " + (MAX_READ_BYTES >> 20)
                        + " MB; split it or read it in parts");
            }
            try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return headOnly ? in.readNBytes(64 * 1024) : in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            throw NodeFailure.data("Node '" + nodeId + "': file '" + path + "' does not exist in the files folder ("
                    + root + "); check config.path");
        } catch (IOException e) {
            throw io(nodeId, path, e);
        }
    }

    /** Whether the file exists and is not empty (append mode's CSV header). */
    boolean hasContent(String nodeId, String path) {
        Path target = inside(nodeId, path);
        try {
            return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) > 0;
        } catch (IOException e) {
            throw io(nodeId, path, e);
        }
    }

    /** Writes (or appends) the bytes; returns the real path written, relative to the files folder. */
    String write(String nodeId, String path, byte[] data, boolean append) {
        Path target = inside(nodeId, path);
        try {
            Path realRoot = realRoot();
            Path dir = realRoot;
            Path relativeParent = realRoot.relativize(target).getParent();
            if (relativeParent != null) {
                for (Path part : relativeParent) {
                    dir = dir.resolve(part);
                    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                        dir = dir.toRealPath();
                        if (!dir.startsWith(realRoot)) {
                            throw refused(nodeId, path, "leads out of the files folder through a link");
                        }
                    } else {
                        Files.createDirectory(dir);
                    }
                }
            }
            Path file = dir.resolve(target.getFileName().toString());
            if (Files.isSymbolicLink(file)) {
                throw refused(nodeId, path, "is a link; links are not written through");
            }
            List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
            try (OutputStream out = Files.newOutputStream(file, options.toArray(OpenOption[]::new))) {
                out.write(data);
            }
            return realRoot.relativize(file).toString();
        } catch (IOException e) {
            // the file became a link between the check and the open: NOFOLLOW_LINKS refused it
            if (String.valueOf(e.getMessage()).contains("symbolic link")) {
                throw refused(nodeId, path, "is a link; links are not written through");
            }
            throw io(nodeId, path, e);
        }
    }

    /** The path resolved lexically inside the files folder, or a refusal naming the node and the fix. */
    private Path inside(String nodeId, String path) {
        if (path == null || path.isBlank()) {
            throw NodeFailure.config("Node '" + nodeId + "': config.path is empty; give a file name such as reports/out.csv");
        }
        if (path.indexOf('\0') >= 0) {
            throw refused(nodeId, path, "holds a NUL character");
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*") || path.startsWith("~")) {
            throw refused(nodeId, path, "is absolute");
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw refused(nodeId, path, "climbs out with '..'");
            }
        }
        Path realRoot = realRoot();
        Path target = realRoot.resolve(path).normalize();
        if (!target.startsWith(realRoot) || target.equals(realRoot)) {
            throw refused(nodeId, path, "is not a file inside the files folder");
        }
        return target;
    }

    private Path realRoot() {
        try {
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new NodeFailure("FileError", "The files folder " + root + " cannot be created: " + e.getMessage(), false);
        }
    }

    private static NodeFailure refused(String nodeId, String path, String why) {
        return NodeFailure.config("Node '" + nodeId + "': config.path '" + path + "' " + why
                + "; file nodes only reach files inside the data folder's files folder: give a relative path such as reports/out.csv");
    }

    private static NodeFailure io(String nodeId, String path, IOException e) {
        return new NodeFailure("FileError", "Node '" + nodeId + "': file '" + path + "': " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), false);
    }
}
