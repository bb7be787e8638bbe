package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The whole inputs of running executions whose stored start holds only a {@link TruncatedValues marker} (a 202
 * webhook's 50 MB body): kept in a file of their own under the data folder until the execution ends, so that a crash
 * does not lose them and the restarted instance can run the execution again. Written straight from the parsed value
 * to the file and synced before the 202 is given; never held a second time in memory. The files are local: another
 * instance taking the execution over does not have them (it ends the execution as interrupted).
 */
final class LargeInputs {

    private final Path folder;

    LargeInputs(Path folder) {
        this.folder = folder;
    }

    /** Writes {@code input} as {@code <id>.json}, synced to disk, replacing it atomically. */
    void keep(String executionId, JsonNode input) {
        Path file = file(executionId);
        Path partial = folder.resolve(executionId + ".json.partial");
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(channel)) {
                Json.MAPPER.writeValue(nonClosing(out), input);
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the input of execution " + executionId + " in " + folder, e);
        }
    }

    Optional<JsonNode> read(String executionId) {
        Path file = file(executionId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kept input of execution " + executionId, e);
        }
    }

    void forget(String executionId) {
        try {
            Files.deleteIfExists(file(executionId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the kept input of execution " + executionId, e);
        }
    }

    private Path file(String executionId) {
        if (!executionId.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("not an execution id: " + executionId);
        }
        return folder.resolve(executionId + ".json");
    }

    /** Jackson closes the stream it wrote to; the channel must stay open until it is forced to disk. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
